/**
 * The sample topologies shipped with topoplan (seeded into an empty database). Server-only: reads the
 * YAML files next to this module.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const SAMPLE_FILES = ["multi-az-us-east-1.yaml", "stretched-seoul-tokyo.yaml", "multi-cluster-global.yaml"] as const;

/** The folder of the sample files; resolved from the project root because Next.js bundles this module. */
export function samplesDir(root: string = process.cwd()): string {
  return path.join(root, "lib", "samples");
}

export interface SampleText {
  file: string;
  text: string;
}

export function readSamples(root?: string): SampleText[] {
  return SAMPLE_FILES.map((file) => ({ file, text: readFileSync(path.join(samplesDir(root), file), "utf8") }));
}
