#!/usr/bin/env node
// Prepares the database for `npm start`, `npm run dev` and the tests. Idempotent, and fast on a second run:
//   1. create the data folder;
//   2. `prisma generate`, skipped when generated/prisma matches the current schema (hash stamp);
//   3. `prisma migrate deploy`, skipped when every migration folder is already recorded as applied;
//   4. seed the sample topologies when the database has no topology.
// DATABASE_URL defaults to file:./data/topoplan.db, resolved against the project root (as lib/db/url.ts does).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rawUrl = process.env.DATABASE_URL ?? "file:./data/topoplan.db";
const rawFile = rawUrl.replace(/^file:/, "");
const dbFile = path.isAbsolute(rawFile) ? rawFile : path.resolve(root, rawFile);
const env = { ...process.env, DATABASE_URL: `file:${dbFile}`, PRISMA_HIDE_UPDATE_MESSAGE: "1", NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
const started = Date.now();

mkdirSync(path.dirname(dbFile), { recursive: true });

// 2. generate
const schemaPath = path.join(root, "prisma", "schema.prisma");
const stampPath = path.join(root, "generated", "prisma", ".schema-hash");
const prismaVersion = JSON.parse(readFileSync(path.join(root, "node_modules", "prisma", "package.json"), "utf8")).version;
const hash = createHash("sha256").update(prismaVersion).update(readFileSync(schemaPath)).digest("hex");
if (!existsSync(stampPath) || readFileSync(stampPath, "utf8") !== hash) {
  run(bin("prisma"), ["generate"]);
  writeFileSync(stampPath, hash);
}

// 3. migrate
const { default: Database } = await import("better-sqlite3");
const migrationsDir = path.join(root, "prisma", "migrations");
const wanted = readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const applied = () => {
  if (!existsSync(dbFile)) return new Set();
  const db = new Database(dbFile, { readonly: true });
  try {
    const hasTable = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'").get();
    if (!hasTable) return new Set();
    return new Set(db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all().map((r) => r.migration_name));
  } finally {
    db.close();
  }
};
const done = applied();
if (wanted.some((m) => !done.has(m))) run(bin("prisma"), ["migrate", "deploy"]);

// 4. seed
const db = new Database(dbFile, { readonly: true });
const count = db.prepare('SELECT COUNT(*) AS n FROM "Topology"').get().n;
db.close();
if (count === 0) run(bin("tsx"), [path.join(root, "prisma", "seed.ts")]);

console.log(`setup: database ${path.relative(root, dbFile) || dbFile} ready (${Date.now() - started} ms)`);
