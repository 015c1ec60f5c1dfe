/** The scheduler the CLI uses for `place`: kube-scheduler's default profile (lib/engine/scheduler). */
import type { SchedulerFactory } from "../lib/engine/place";
import { defaultSchedulerFactory } from "../lib/engine/place-scheduler";

export async function loadSchedulerFactory(): Promise<SchedulerFactory | undefined> {
  return defaultSchedulerFactory;
}
