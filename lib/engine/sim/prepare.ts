/**
 * The simulation's t = 0: the store loaded with every pod of the snapshot and the scheduler's cache built from
 * the bound ones. Building them is about 40 % of a sweep scenario at 100,000 pods (compiling every pod for the
 * scheduler, filling its indices, numbering the store's records), and every scenario of a sweep starts from the
 * same t = 0: with a LoadCache the pair is built once, kept untouched as a template, and each simulation gets a
 * fork of both (ClusterState.fork, SchedulerPort.fork), which behaves exactly as a fresh build.
 */
import type { SimulationInput, LoadCache } from "./load";
import { loadCluster } from "./load";
import type { TemplateFacts } from "./pod-factory";
import type { SchedulerFactory, SchedulerPort } from "./scheduler-port";
import type { SimulationSettings } from "./settings";
import type { ClusterState } from "./state";

export interface PreparedCluster {
  /** The store, holding the snapshot's pods (state.pods[0 .. loadedPods)); no component has heard of them yet. */
  state: ClusterState;
  loadedPods: number;
  facts: TemplateFacts[];
  /** Was state.pods[i] created at t = 0 by the ReplicaSet controller (for SuccessfulCreate events)? */
  createdAtStart: readonly boolean[];
  port: SchedulerPort;
}

/** A prepared t = 0 kept in a LoadCache: never simulated on, only forked. */
export interface PreparedTemplate extends PreparedCluster {
  factory: SchedulerFactory;
  seed: number;
  settings: string;
}

export function prepareCluster(input: SimulationInput, settings: SimulationSettings, seed: number, factory: SchedulerFactory, cache?: LoadCache): PreparedCluster {
  const sig = JSON.stringify(settings);
  const kept = cache?.prepared;
  if (kept && kept.factory === factory && kept.seed === seed && kept.settings === sig) return forkOf(kept, seed);
  const loaded = loadCluster(input, settings, seed, cache);
  const { state } = loaded;
  for (let i = 0; i < loaded.pods.length; i++) state.addPod(loaded.pods[i]!);
  const built: PreparedCluster = {
    state, loadedPods: loaded.pods.length, facts: loaded.facts, createdAtStart: loaded.createdAtStart,
    port: factory(loaded.schedulerInput, seed),
  };
  // A factory whose ports cannot fork (a test double, a custom profile's wrapper) is built per simulation; the
  // store it is simulated on then mutates the records, which the cache must not hand out again. A template is
  // never simulated on (only forked, and a fork copies the records): its records stay cached.
  if (!cache || !built.port.fork) {
    if (cache && loaded.recordsShared) delete cache.pods;
    return built;
  }
  cache.prepared = { ...built, factory, seed, settings: sig };
  return forkOf(cache.prepared, seed);
}

function forkOf(t: PreparedTemplate, seed: number): PreparedCluster {
  return { state: t.state.fork(), loadedPods: t.loadedPods, facts: [...t.facts], createdAtStart: t.createdAtStart, port: t.port.fork!(seed) };
}
