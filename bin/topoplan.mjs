#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles cli/ and lib/ on the fly, so no build step is needed.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
