// Test harness for the route handlers: a temporary SQLite file per test file, migrated by applying the
// committed migration SQL in order (what `prisma migrate deploy` does, minus its bookkeeping table).
import Database from "better-sqlite3";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { disconnectDb } from "@/lib/db/client";

export function openTempDatabase(): { cleanup: () => Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), "topoplan-test-"));
  const file = path.join(dir, "test.db");
  const db = new Database(file);
  const migrations = path.join(process.cwd(), "prisma", "migrations");
  for (const m of readdirSync(migrations).filter((n) => !n.endsWith(".toml")).sort()) {
    db.exec(readFileSync(path.join(migrations, m, "migration.sql"), "utf8"));
  }
  db.close();
  process.env.DATABASE_URL = `file:${file}`;
  return {
    cleanup: async () => {
      await disconnectDb();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function ctx<P>(params: P) {
  return { params: Promise.resolve(params) };
}

export function jsonRequest(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${url}`, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
}

export function yamlRequest(method: string, url: string, text: string): Request {
  return new Request(`http://localhost${url}`, { method, headers: { "Content-Type": "application/yaml" }, body: text });
}

export async function call(res: Response): Promise<{ status: number; body: any }> {
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
