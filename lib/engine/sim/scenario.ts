/**
 * The scenario file of `topoplan simulate --scenario` (shared/formats/cli.md): seed, horizon, settings overrides
 * and a timeline of fail/recover events on a node, zone, region or the whole cluster, `drain: { node }`
 * (a voluntary disruption: `kubectl drain NODE --ignore-daemonsets --force`, honouring PodDisruptionBudgets;
 * docs/engine/simulation.md) and `rollout: { deployment }` (a pod template change: `kubectl rollout restart`,
 * or `kubectl set image` / a label or annotation patch). Durations are Go style ("90s", "5m", "1h30m"); a bare
 * number means seconds. Errors carry the field path and, from YAML, line:column. Given the cluster's names
 * (`ScenarioNames`), a rollout of a Deployment or container the cluster does not have is an error too.
 */
import { z } from "zod";
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { parseDuration } from "../util/duration";
import type { SimulationSettings } from "./settings";

export interface FailureTarget {
  node?: string;
  zone?: string;
  region?: string;
  cluster?: string;
}

export interface DrainTarget {
  node: string;
}

/** A change of a Deployment's pod template; with none of image, labels, annotations it is a restart. */
export interface RolloutChange {
  /** `NAMESPACE/NAME` (a bare NAME in the file means namespace "default"). */
  deployment: string;
  /** New image for every container (`kubectl set image deployment/NAME '*=IMAGE'`), or for `container` only. */
  image?: string;
  container?: string;
  /** Pod template labels / annotations to set (a patch of spec.template.metadata). */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ScenarioEvent {
  atMs: number;
  fail?: FailureTarget;
  recover?: FailureTarget;
  drain?: DrainTarget;
  rollout?: RolloutChange;
}

/** What the cluster has, for checking the names a scenario uses: `NAMESPACE/NAME` -> container names. */
export interface ScenarioNames {
  deployments: ReadonlyMap<string, readonly string[]>;
}

export interface Scenario {
  seed: number;
  horizonMs: number;
  settings: Partial<SimulationSettings>;
  events: ScenarioEvent[];
}

export const DEFAULT_HORIZON_MS = 3_600_000;

const duration = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  if (typeof v === "number") return Math.round(v * 1000);
  const r = parseDuration(v);
  if (!r.ok || r.ms < 0) {
    ctx.addIssue({ code: "custom", message: `invalid duration ${JSON.stringify(v)} (use Go style: 90s, 5m, 1h30m)` });
    return z.NEVER;
  }
  return r.ms;
});

const target = z
  .strictObject({ node: z.string().min(1), zone: z.string().min(1), region: z.string().min(1), cluster: z.string() })
  .partial()
  .refine((t) => Object.keys(t).length === 1, { message: "name exactly one of node, zone, region, cluster" });

const drainTarget = z.strictObject({ node: z.string().min(1) });

const DEPLOYMENT_REF = /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\/)?[a-z0-9](?:[-.a-z0-9]*[a-z0-9])?$/;
const stringMap = z.record(z.string().min(1), z.string());

const rolloutTarget = z
  .strictObject({
    deployment: z
      .string()
      .regex(DEPLOYMENT_REF, { message: 'name the Deployment as NAMESPACE/NAME (a bare NAME is in namespace "default")' })
      .transform((v) => (v.includes("/") ? v : `default/${v}`)),
    image: z.string().min(1).optional(),
    container: z.string().min(1).optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  })
  .refine((r) => r.container === undefined || r.image !== undefined, { message: "container names whose image changes: give image too", path: ["container"] });

const rate = z.number().nonnegative();

const settingsSchema = z
  .strictObject({
    nodeMonitorPeriod: duration,
    nodeMonitorGracePeriod: duration,
    defaultTolerationSeconds: z.number().int().nonnegative(),
    nodeEvictionRate: rate,
    secondaryNodeEvictionRate: rate,
    unhealthyZoneThreshold: z.number().min(0).max(1),
    largeClusterSizeThreshold: z.number().int().nonnegative(),
    podStartup: duration,
    terminationGracePeriod: duration,
    controllerApiQps: rate,
    controllerApiBurst: z.number().int().positive(),
    schedulerApiQps: rate,
    schedulerApiBurst: z.number().int().positive(),
  })
  .partial();

const scenarioSchema = z.strictObject({
  seed: z.number().int().optional(),
  horizon: duration.optional(),
  settings: settingsSchema.optional(),
  events: z
    .array(
      z
        .strictObject({ at: duration, fail: target.optional(), recover: target.optional(), drain: drainTarget.optional(), rollout: rolloutTarget.optional() })
        .refine((e) => [e.fail, e.recover, e.drain, e.rollout].filter((x) => x !== undefined).length === 1, { message: "each event has exactly one of fail, recover, drain, rollout" }),
    )
    .default([]),
});

/** The schema, plus (with the cluster's names) a check that every rollout names a Deployment and container it has. */
function schemaFor(known: ScenarioNames | undefined) {
  if (!known) return scenarioSchema;
  return scenarioSchema.superRefine((v, ctx) => {
    v.events.forEach((e, i) => {
      const r = e.rollout;
      if (!r) return;
      const containers = known.deployments.get(r.deployment);
      if (!containers) {
        const names = [...known.deployments.keys()].sort();
        const list = names.length === 0 ? "none" : names.length > 10 ? `${names.slice(0, 10).join(", ")}, ...` : names.join(", ");
        ctx.addIssue({ code: "custom", path: ["events", i, "rollout", "deployment"], message: `no Deployment ${r.deployment} in the cluster (Deployments: ${list})` });
      } else if (r.container !== undefined && !containers.includes(r.container)) {
        ctx.addIssue({ code: "custom", path: ["events", i, "rollout", "container"], message: `Deployment ${r.deployment} has no container named ${JSON.stringify(r.container)} (containers: ${containers.join(", ")})` });
      }
    });
  });
}

export interface ScenarioIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}
export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

export function scenarioFromObject(obj: unknown, known?: ScenarioNames): ScenarioResult {
  const r = schemaFor(known).safeParse(obj ?? {});
  if (!r.success) {
    return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })) };
  }
  const v = r.data;
  const s = v.settings ?? {};
  const settings: Partial<SimulationSettings> = {};
  if (s.nodeMonitorPeriod !== undefined) settings.nodeMonitorPeriodMs = s.nodeMonitorPeriod;
  if (s.nodeMonitorGracePeriod !== undefined) settings.nodeMonitorGracePeriodMs = s.nodeMonitorGracePeriod;
  if (s.defaultTolerationSeconds !== undefined) settings.defaultTolerationSeconds = s.defaultTolerationSeconds;
  if (s.nodeEvictionRate !== undefined) settings.nodeEvictionRate = s.nodeEvictionRate;
  if (s.secondaryNodeEvictionRate !== undefined) settings.secondaryNodeEvictionRate = s.secondaryNodeEvictionRate;
  if (s.unhealthyZoneThreshold !== undefined) settings.unhealthyZoneThreshold = s.unhealthyZoneThreshold;
  if (s.largeClusterSizeThreshold !== undefined) settings.largeClusterSizeThreshold = s.largeClusterSizeThreshold;
  if (s.podStartup !== undefined) settings.podStartupMs = s.podStartup;
  if (s.terminationGracePeriod !== undefined) settings.terminationGracePeriodMs = s.terminationGracePeriod;
  if (s.controllerApiQps !== undefined) settings.controllerApiQps = s.controllerApiQps;
  if (s.controllerApiBurst !== undefined) settings.controllerApiBurst = s.controllerApiBurst;
  if (s.schedulerApiQps !== undefined) settings.schedulerApiQps = s.schedulerApiQps;
  if (s.schedulerApiBurst !== undefined) settings.schedulerApiBurst = s.schedulerApiBurst;
  const events: ScenarioEvent[] = v.events
    .map((e) => ({
      atMs: e.at, ...(e.fail ? { fail: e.fail } : {}), ...(e.recover ? { recover: e.recover } : {}), ...(e.drain ? { drain: e.drain } : {}),
      ...(e.rollout ? { rollout: e.rollout } : {}),
    }))
    // Stable by time: same-time events keep file order.
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i)
    .map(({ e }) => e);
  return { ok: true, scenario: { seed: v.seed ?? 0, horizonMs: v.horizon ?? DEFAULT_HORIZON_MS, settings, events } };
}

/** Parses scenario YAML (or JSON) text; issues point at the line and column of the offending field. */
export function parseScenario(text: string, known?: ScenarioNames): ScenarioResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    return { ok: false, issues: doc.errors.map((e) => ({ path: "", message: e.message, line: e.linePos?.[0]?.line, column: e.linePos?.[0]?.col })) };
  }
  const r = scenarioFromObject(doc.toJS(), known);
  if (r.ok) return r;
  return {
    ok: false,
    issues: r.issues.map((i) => {
      const node = nodeAt(doc.contents, i.path === "" ? [] : i.path.split("."));
      const range = node?.range;
      if (!range) return i;
      const pos = lineCounter.linePos(range[0]);
      return { ...i, line: pos.line, column: pos.col };
    }),
  };
}

function nodeAt(node: unknown, path: string[]): YamlNode | undefined {
  let cur = node as YamlNode | undefined;
  for (const seg of path) {
    if (isMap(cur)) cur = cur.get(seg, true) as YamlNode | undefined;
    else if (isSeq(cur)) cur = cur.get(Number(seg), true) as YamlNode | undefined;
    else return cur;
  }
  return cur;
}
