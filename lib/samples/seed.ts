/**
 * Seeds the sample topologies into an empty database (run by scripts/setup.mjs through prisma/seed.ts).
 * Idempotent: a sample whose name already exists is left alone; an invalid sample is a bug and throws.
 */
import { insertTopology } from "../db/topologies";
import { formatPath } from "../schemas/issues";
import { validateTopology } from "../schemas/validate";
import { parseYaml } from "../yaml/parse";
import { readSamples } from "./index";

export async function seedSamples(root?: string): Promise<{ created: string[]; skipped: string[] }> {
  const created: string[] = [];
  const skipped: string[] = [];
  for (const sample of readSamples(root)) {
    const parsed = parseYaml(sample.text);
    if (!parsed.ok) throw new Error(`${sample.file}: ${parsed.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join("; ")}`);
    const v = validateTopology(parsed.source.value);
    if (!v.ok) throw new Error(`${sample.file}: ${v.issues.map((i) => `${formatPath(i.segments)}: ${i.message}`).join("; ")}`);
    const name = v.topology.metadata.name;
    const outcome = await insertTopology({ name, spec: JSON.stringify(v.document), message: `sample ${sample.file}` });
    if (outcome.kind === "saved") created.push(name);
    else skipped.push(name);
  }
  return { created, skipped };
}
