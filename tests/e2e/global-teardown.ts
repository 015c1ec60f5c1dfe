import { rmSync } from "node:fs";

/** Removes the run's temporary database (and SQLite's side files). */
export default function globalTeardown() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url?.startsWith("file:/tmp/topoplan-e2e-")) return;
  const file = url.slice("file:".length);
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}
