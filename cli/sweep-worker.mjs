// Worker-thread entry for `topoplan sweep`: tsx compiles the TypeScript on the fly, as in bin/topoplan.mjs.
import { register } from "tsx/esm/api";

register();
await import("./sweep-worker-impl.ts");
