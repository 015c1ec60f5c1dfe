/**
 * The one PrismaClient of the process (create-t3-app habit), on the better-sqlite3 driver adapter
 * (Rust-free client, see docs/model.md). Created lazily so that tests can point DATABASE_URL at a
 * temporary file before the first query; kept on globalThis so that Next.js dev reloads reuse it.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { resolveDatabaseUrl } from "./url";

export type Db = PrismaClient;

const holder = globalThis as unknown as { __topoplanDb?: { url: string; client: PrismaClient } };

export function getDb(): PrismaClient {
  const url = resolveDatabaseUrl();
  if (holder.__topoplanDb?.url === url) return holder.__topoplanDb.client;
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  holder.__topoplanDb = { url, client };
  return client;
}

/** For tests and scripts that must release the file (a later getDb() opens a new client). */
export async function disconnectDb(): Promise<void> {
  const current = holder.__topoplanDb;
  holder.__topoplanDb = undefined;
  await current?.client.$disconnect();
}
