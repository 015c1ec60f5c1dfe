// Prisma 6.19 with the JavaScript schema engine driven by the better-sqlite3 adapter: every CLI command
// (generate, migrate deploy/dev/diff) works offline this way (see docs/model.md, environment.md).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

/** Same resolution as lib/db/url.ts: relative file: URLs are relative to the project root (this folder). */
function databaseUrl(): string {
  const raw = process.env.DATABASE_URL ?? "file:./data/topoplan.db";
  const file = raw.replace(/^file:/, "");
  return path.isAbsolute(file) || file === ":memory:" ? `file:${file}` : `file:${path.resolve(import.meta.dirname, file)}`;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl() }),
});
