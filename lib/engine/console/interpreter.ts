/**
 * The kubectl-like command interpreter shared by `topoplan console` and the browser's Console tab. `feed(line)`
 * takes one input line (collecting `kubectl apply -f -` YAML until a line `---EOF`) and returns the output.
 * After every command the controllers get a short virtual moment, as a real control plane acts within a second.
 */
import type { ClusterSnapshot } from "../../k8s/snapshot";
import { parseFlags, parseSelector, tokenize, type LabelMatcher } from "./args";
import { ConsoleCluster } from "./cluster";
import { describe } from "./describe";
import { humanDuration, tabwrite } from "./format";
import { filterObjects, renderGet, resolveKind, type Kind } from "./get";
import { cordon, drain } from "./drain";
import { parseDurationArg, portForward, simVerb, waitAvailable, waitReady } from "./ops";
import { rolloutHistory, rolloutRestart, rolloutStatus, rolloutUndo, setImage } from "./rollout-verbs";
import type { ConsoleSettings } from "./store";
import { apply, createDeployment, del, label, parseLabels, run, scale } from "./workloads";

export const HELP = [
  "kubectl run NAME --image=IMG [--labels=k=v,...]",
  "kubectl create deployment NAME --image=IMG [--replicas=N]",
  "kubectl get pods|deploy|rs|nodes|svc|pdb|events|all [NAME] [-o wide|name|json|yaml] [--show-labels] [-l sel] [-n NS|-A] [--field-selector k=v]",
  "kubectl describe pod|node|deploy|rs NAME",
  "kubectl label pod|deploy|node NAME k=v [k2-] [--overwrite]",
  "kubectl delete pod|deploy|rs|svc|pdb NAME... | --all | -l sel",
  "kubectl apply -f -        (then YAML, ended by a line ---EOF)",
  "kubectl scale deploy/NAME --replicas=N",
  "kubectl set image deployment/NAME CONTAINER=IMAGE [CONTAINER2=IMAGE2 | *=IMAGE]",
  "kubectl rollout status deployment/NAME [--timeout=D] [--watch=false]",
  "kubectl rollout history deployment/NAME [--revision=N];  kubectl rollout undo deployment/NAME [--to-revision=N];  kubectl rollout restart deployment/NAME",
  "kubectl wait --for=condition=Ready pod/NAME | -l sel [--timeout=30s]",
  "kubectl cordon|uncordon NODE;  kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force] [--timeout=5m]",
  "kubectl port-forward pod/NAME|deploy/NAME|svc/NAME 8080:80",
  "sim advance DURATION;  sim fail|recover zone|node|region NAME;  sim time;  sim zones",
];

export class KubectlConsole {
  readonly cluster: ConsoleCluster;
  private applyBuffer: string[] | null = null;
  private applyNs = "default";

  constructor(snapshot?: ClusterSnapshot, settings: Partial<ConsoleSettings> = {}) {
    this.cluster = new ConsoleCluster(snapshot, settings);
  }

  /** Is the console collecting `apply -f -` YAML (the prompt should show a continuation)? */
  get collecting(): boolean {
    return this.applyBuffer !== null;
  }

  feed(line: string): string[] {
    if (this.applyBuffer !== null) {
      if (line.trim() !== "---EOF") {
        this.applyBuffer.push(line);
        return [];
      }
      const text = this.applyBuffer.join("\n");
      this.applyBuffer = null;
      const out = apply(this.cluster, text, this.applyNs);
      this.cluster.settle();
      return out;
    }
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return [];
    const out = this.exec(tokenize(trimmed));
    if (this.applyBuffer === null) this.cluster.settle();
    return out;
  }

  private exec(tokens: string[]): string[] {
    const [prog, ...rest] = tokens;
    if (prog === "help" || prog === "?") return HELP;
    if (prog === "sim") return simVerb(this.cluster, rest[0] ?? "", rest.slice(1));
    if (prog !== "kubectl" && prog !== "k") return [`error: unknown command "${prog}" (try kubectl ..., sim ..., or help)`];
    const parsed = parseFlags(rest);
    if ("error" in parsed) return [parsed.error];
    const { positionals: pos, flags } = parsed;
    const [verb, ...args] = pos;
    const ns = flags.get("namespace") ?? "default";
    let selector: LabelMatcher | undefined;
    if (flags.has("selector")) {
      const sel = parseSelector(flags.get("selector")!);
      if ("error" in sel) return [sel.error];
      selector = sel;
    }
    const s = this.cluster.store;
    switch (verb) {
      case "run": {
        const image = flags.get("image");
        if (!args[0] || !image) return ["error: NAME and --image are required: kubectl run NAME --image=IMAGE"];
        const labels = flags.has("labels") ? parseLabels(flags.get("labels")!) : null;
        if (flags.has("labels") && !labels) return [`error: invalid label spec: ${flags.get("labels")}`];
        return run(this.cluster, args[0], image, labels, ns);
      }
      case "create": {
        if (args[0] !== "deployment" && args[0] !== "deploy") return [`error: this console creates deployments only: kubectl create deployment NAME --image=IMG`];
        const image = flags.get("image");
        if (!args[1] || !image) return ["error: required flag(s) \"image\" not set"];
        const replicas = Number(flags.get("replicas") ?? "1");
        if (!Number.isInteger(replicas) || replicas < 0) return [`error: invalid argument "${flags.get("replicas")}" for "--replicas" flag`];
        return createDeployment(this.cluster, args[1], image, replicas, ns);
      }
      case "apply":
        if (flags.get("filename") !== "-") return ["error: this console reads manifests from stdin only: kubectl apply -f - (end with a line ---EOF)"];
        this.applyBuffer = [];
        this.applyNs = ns;
        return [];
      case "get":
        return this.get(args, flags, ns, selector);
      case "describe": {
        const { kind, names } = kindAndNames(args);
        if (!kind) return [`error: the server doesn't have a resource type "${args[0]}"`];
        const items = filterObjects(s, kind, { namespace: ns, allNamespaces: false, names, showLabels: false, selector });
        if (items.length === 0) return [`Error from server (NotFound): ${kind} "${names[0] ?? ""}" not found`];
        return items.flatMap((o, i) => [...(i > 0 ? [""] : []), ...describe(s, kind, o)]);
      }
      case "label": {
        const { kind, names } = kindAndNames(args.filter((a) => !a.includes("=") && !a.endsWith("-")));
        const changes = args.filter((a) => a.includes("=") || (a.endsWith("-") && a.length > 1));
        if (!kind || changes.length === 0) return ["error: usage: kubectl label pod NAME key=value [key-] [--overwrite]"];
        const items = filterObjects(s, kind, { namespace: ns, allNamespaces: false, names, showLabels: false, selector });
        if (items.length === 0) return [`Error from server (NotFound): ${kind} "${names[0] ?? ""}" not found`];
        return label(this.cluster, kind, items, changes, flags.has("overwrite"));
      }
      case "delete": {
        const { kind, names } = kindAndNames(args);
        if (!kind) return [`error: the server doesn't have a resource type "${args[0]}"`];
        if (names.length === 0 && !flags.has("all") && !selector) return ["error: resource(s) were provided, but no name was specified"];
        return del(this.cluster, kind, names, flags.has("all"), selector, ns);
      }
      case "scale": {
        const { kind, names } = kindAndNames(args);
        const n = Number(flags.get("replicas"));
        if (!flags.has("replicas") || !Number.isInteger(n) || n < 0) return ["error: required flag(s) \"replicas\" not set"];
        return names.flatMap((name) => scale(this.cluster, kind, name, n, ns));
      }
      case "wait": {
        const cond = flags.get("for") ?? "";
        const timeout = parseDurationArg(flags.get("timeout") ?? "30s") ?? 30_000;
        const { kind, names } = kindAndNames(args);
        if (/^condition=available$/i.test(cond) && kind === "deployments") return names.flatMap((n) => waitAvailable(this.cluster, ns, n, timeout));
        if (!/^condition=ready$/i.test(cond)) return [`error: this console waits for --for=condition=Ready (pods) or condition=Available (deployments)`];
        const pods = filterObjects(s, "pods", { namespace: ns, allNamespaces: false, names, showLabels: false, selector });
        if (pods.length === 0) return [selector || flags.has("all") ? "error: no matching resources found" : `Error from server (NotFound): pods "${names[0] ?? ""}" not found`];
        return waitReady(this.cluster, pods as never, timeout);
      }
      case "cordon":
      case "uncordon":
        if (!args[0] || !s.nodes.has(args[0])) return [`Error from server (NotFound): nodes "${args[0] ?? ""}" not found`];
        return cordon(this.cluster, args[0], verb === "cordon");
      case "drain": {
        if (!args[0] || !s.nodes.has(args[0])) return [`Error from server (NotFound): nodes "${args[0] ?? ""}" not found`];
        const on = (f: string) => flags.has(f) && flags.get(f) !== "false";
        const drainFlags = { ignoreDaemonSets: on("ignore-daemonsets"), force: on("force"), deleteEmptyDirData: on("delete-emptydir-data") || on("delete-local-data") };
        return drain(this.cluster, args[0], drainFlags, parseDurationArg(flags.get("timeout") ?? "5m") ?? 300_000);
      }
      case "set": {
        if (args[0] !== "image") return [`error: this console sets images only: kubectl set image deployment/NAME CONTAINER=IMAGE`];
        const { kind, names } = kindAndNames(args.slice(1).filter((a) => !a.includes("=")));
        if (kind !== "deployments" || !names[0]) return ["error: this console sets images on deployments: kubectl set image deployment/NAME CONTAINER=IMAGE"];
        return setImage(this.cluster, ns, names[0], args.slice(1).filter((a) => a.includes("=")));
      }
      case "rollout": {
        const { kind, names } = kindAndNames(args.slice(1));
        if (kind !== "deployments" || !names[0]) return [`error: this console rolls out deployments: kubectl rollout status|history|undo|restart deployment/NAME`];
        const name = names[0];
        switch (args[0]) {
          case "status": {
            // kubectl waits without limit by default; a stuck rollout ends at its progress deadline anyway.
            const timeout = flags.has("timeout") && flags.get("timeout") !== "0s" && flags.get("timeout") !== "0" ? parseDurationArg(flags.get("timeout")) : null;
            return rolloutStatus(this.cluster, ns, name, timeout ?? 3_600_000, flags.get("watch") !== "false");
          }
          case "history":
            return rolloutHistory(this.cluster, ns, name, flags.has("revision") ? Number(flags.get("revision")) : undefined);
          case "undo":
            return rolloutUndo(this.cluster, ns, name, Number(flags.get("to-revision") ?? "0") || 0);
          case "restart":
            return rolloutRestart(this.cluster, ns, name);
          default:
            return [`error: unknown command "${args[0] ?? ""}" for "kubectl rollout" (status, history, undo, restart)`];
        }
      }
      case "port-forward":
        if (!args[0] || !args[1]) return ["error: TYPE/NAME and list of ports are required for port-forward"];
        return portForward(this.cluster, args[0], args[1], ns);
      default:
        return [`error: unknown command "${verb ?? ""}" for "kubectl"`, ...HELP.map((h) => `  ${h}`)];
    }
  }

  private get(args: string[], flags: Map<string, string>, ns: string, selector: LabelMatcher | undefined): string[] {
    const s = this.cluster.store;
    const allNamespaces = flags.has("all-namespaces");
    // --field-selector: the few fields kubectl users filter on (k=v or k!=v, comma-separated).
    const fields = (flags.get("field-selector") ?? "").split(",").filter(Boolean).map((t) => {
      const m = t.match(/^([\w.]+)(!=|==?)(.*)$/);
      return m ? { key: m[1]!, neg: m[2] === "!=", value: m[3]! } : { key: t, neg: false, value: "" };
    });
    const fieldOk = (get: (k: string) => string | undefined) => fields.every((f) => (get(f.key) === f.value) !== f.neg);
    if (args[0] === "events" || args[0] === "ev" || args[0] === "event") {
      const evs = s.events.filter((e) => (allNamespaces || e.kind === "Node" || e.namespace === ns) &&
        fieldOk((k) => ({ reason: e.reason, type: e.type, "involvedObject.name": e.name, "involvedObject.kind": e.kind } as Record<string, string>)[k]))
        .sort((a, b) => a.lastMs - b.lastMs);
      if (evs.length === 0) return [`No resources found in ${ns} namespace.`];
      return tabwrite([["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], ...evs.map((e) => [humanDuration(s.nowMs - e.lastMs), e.type, e.reason, `${e.kind.toLowerCase()}/${e.name}`, e.message])]);
    }
    const podFields = fields.length === 0 ? undefined : (labels: Record<string, string> | undefined, o: unknown) => {
      const p = o as { spec?: { nodeName?: string }; status?: { phase?: string }; metadata?: { name?: string } };
      return (!selector || selector(labels)) && fieldOk((k) => ({ "spec.nodeName": p.spec?.nodeName ?? "", "status.phase": p.status?.phase ?? "", "metadata.name": p.metadata?.name ?? "" } as Record<string, string>)[k]);
    };
    const opts = { output: flags.get("output"), showLabels: flags.has("show-labels"), selector: podFields ?? selector, namespace: ns, allNamespaces, names: [] as string[] };
    if (args[0] === "all") return renderGet(s, ["pods", "services", "deployments", "replicasets"], opts, true);
    const kinds: Kind[] = [];
    for (const w of (args[0] ?? "").split(",")) {
      const k = resolveKind(w.split("/")[0]!);
      if (!k) return [`error: the server doesn't have a resource type "${w}"`];
      kinds.push(k);
    }
    const { names } = kindAndNames(args);
    return renderGet(s, kinds, { ...opts, names }, kinds.length > 1);
  }
}

/** `pod NAME...`, `pod/NAME`, `deploy/NAME`. */
function kindAndNames(args: string[]): { kind: Kind | undefined; names: string[] } {
  if (args[0]?.includes("/")) {
    const [k, n] = args[0].split("/", 2) as [string, string];
    return { kind: resolveKind(k), names: [n, ...args.slice(1).map((a) => a.split("/").pop()!)] };
  }
  return { kind: args[0] ? resolveKind(args[0]) : undefined, names: args.slice(1) };
}
