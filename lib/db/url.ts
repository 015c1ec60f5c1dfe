/**
 * DATABASE_URL resolution shared by the app, the tests and scripts/setup.mjs (which repeats it in plain JS):
 * default `file:./data/topoplan.db`; a relative file: URL is relative to the project root (the working
 * directory of `next start`, `vitest` and the npm scripts), never to wherever a bundle happens to live.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/topoplan.db";

export function databaseFile(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, root: string = process.cwd()): string {
  const file = url.replace(/^file:/, "");
  if (file === ":memory:") return file;
  return path.isAbsolute(file) ? file : path.resolve(root, file);
}

/** The absolute file: URL, with its folder created (better-sqlite3 creates the file, not the folder). */
export function resolveDatabaseUrl(url?: string): string {
  const file = databaseFile(url);
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  return `file:${file}`;
}
