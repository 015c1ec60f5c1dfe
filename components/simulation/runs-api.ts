/**
 * Browser client of the run endpoints. Runs are asynchronous: POST answers 202 with a runId, then the run is
 * polled until it is no longer `running`. Errors use the API's one error shape (ApiError).
 */
import { ApiError, type ApiIssue } from "@/components/api/client";
import type { RunResult } from "@/lib/worker/compute";
import type { Progress } from "@/lib/worker/protocol";

export interface ScenarioBody {
  horizon: string;
  seed?: number;
  events: { at: string; fail?: Record<string, string>; recover?: Record<string, string>; drain?: { node: string }; rollout?: { deployment: string; image?: string } }[];
}

export interface RunView {
  id: string;
  topologyId: string;
  revision: number;
  kind: "simulation" | "sweep";
  status: "running" | "succeeded" | "failed";
  progress: Progress | null;
  scenario: ScenarioBody | Record<string, never>;
  summary: RunSummary | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  result?: RunResult | null;
}

export interface DeploymentOutcome {
  cluster: string;
  deployment: string;
  desired: number;
  minReady: number;
  recoveredAtMs: number | null;
  pendingAtEnd: number;
}

export type RunSummary =
  | { kind: "simulation"; deployments: DeploymentOutcome[]; recovered: boolean; notRecovered: number; lastRecoveryMs: number | null; findings: number }
  | { kind: "sweep"; scenarios: number; verdicts: { survives: number; degraded: number; down: number }; findings: number };

export interface Comparison {
  a: Pick<RunView, "id" | "revision" | "scenario" | "startedAt" | "summary">;
  b: Pick<RunView, "id" | "revision" | "scenario" | "startedAt" | "summary">;
  rows: { key: string; a: DeploymentOutcome | null; b: DeploymentOutcome | null; change: "better" | "worse" | "same" }[];
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store", ...init });
  } catch {
    throw new ApiError(0, "network", "The server could not be reached. Check that topoplan is running.");
  }
  const body = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string; issues?: ApiIssue[] } } | undefined;
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? String(res.status), body?.error?.message ?? res.statusText, body?.error?.issues ?? []);
  return body as T;
}

const post = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const enc = encodeURIComponent;

export const runsApi = {
  simulate: (topologyId: string, revision: number, scenario: ScenarioBody) =>
    call<{ runId: string }>(`/api/topologies/${enc(topologyId)}/simulations`, post({ revision, scenario })),
  sweep: (topologyId: string, revision: number) => call<{ runId: string }>(`/api/topologies/${enc(topologyId)}/sweeps`, post({ revision })),
  get: (runId: string) => call<RunView>(`/api/runs/${enc(runId)}`),
  list: (topologyId: string) => call<{ items: RunView[] }>(`/api/topologies/${enc(topologyId)}/runs`),
  compare: (a: string, b: string) => call<Comparison>(`/api/runs/compare?a=${enc(a)}&b=${enc(b)}`),
};

/** "zone us-east-1a fails at 0s, recovers at 20m · 30m horizon" */
export function describeScenario(s: RunView["scenario"]): string {
  if (!("events" in s)) return "every zone and region, one at a time";
  const parts = s.events.map((e) => {
    if (e.drain) return `node ${e.drain.node} drained at ${e.at}`;
    if (e.rollout) return `deployment ${e.rollout.deployment} rolled out${e.rollout.image ? ` to ${e.rollout.image}` : ""} at ${e.at}`;
    const [k, v] = Object.entries(e.fail ?? e.recover ?? {})[0] ?? ["?", "?"];
    return `${k} ${v} ${e.fail ? "fails" : "recovers"} at ${e.at}`;
  });
  return `${parts.join(", ")} · horizon ${s.horizon}`;
}
