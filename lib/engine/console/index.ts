/** The kubectl console: a pure interpreter over a simulated cluster (shared by the CLI and the browser). */
export { KubectlConsole, HELP } from "./interpreter";
export { ConsoleCluster, defaultNodes } from "./cluster";
export type { ConsoleSettings } from "./store";
