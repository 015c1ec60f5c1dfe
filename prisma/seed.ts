// Seeds the sample topologies (lib/samples) when the database has none. Run by scripts/setup.mjs:
//   DATABASE_URL=... npx tsx prisma/seed.ts
import { disconnectDb } from "../lib/db/client";
import { countTopologies } from "../lib/db/topologies";
import { seedSamples } from "../lib/samples/seed";

const force = process.argv.includes("--force");
if (force || (await countTopologies()) === 0) {
  const { created, skipped } = await seedSamples();
  console.log(`seed: created ${created.length} sample topologies${created.length ? ` (${created.join(", ")})` : ""}${skipped.length ? `, ${skipped.length} already present` : ""}`);
} else {
  console.log("seed: database already has topologies; nothing to do");
}
await disconnectDb();
