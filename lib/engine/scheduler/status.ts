/**
 * Framework statuses (pkg/scheduler/framework `Status`): expected outcomes are values, never exceptions.
 * `null` is used for Success on hot paths so that passing a node allocates nothing.
 */
export type Code = "Success" | "Error" | "Unschedulable" | "UnschedulableAndUnresolvable" | "Wait" | "Skip";

export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** The plugin that produced the status (set by the framework when it records a rejection). */
  readonly plugin?: string;
}

export function newStatus(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}

export function withPlugin(s: Status, plugin: string): Status {
  return s.plugin === plugin ? s : { code: s.code, reasons: s.reasons, plugin };
}

export const SKIP: Status = Object.freeze({ code: "Skip", reasons: [] }) as Status;
export const SUCCESS: Status = Object.freeze({ code: "Success", reasons: [] }) as Status;

export function isSuccess(s: Status | null | undefined): boolean {
  return s === null || s === undefined || s.code === "Success";
}

/** Unschedulable or UnschedulableAndUnresolvable (`Status.IsRejected`). */
export function isRejected(s: Status | null | undefined): boolean {
  return !!s && (s.code === "Unschedulable" || s.code === "UnschedulableAndUnresolvable");
}

/** `Status.Message()`: the reasons joined by ", ". */
export function statusMessage(s: Status): string {
  return s.reasons.join(", ");
}
