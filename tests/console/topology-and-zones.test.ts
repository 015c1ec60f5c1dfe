/** The console on a topology's first cluster (as the browser tab runs it), and a zone outage on the default cluster. */
import { describe, expect, it } from "vitest";
import { KubectlConsole } from "../../lib/engine/console";
import { expandTopology } from "../../lib/engine/model/expand";
import { topologySchema } from "../../lib/schemas/topology";
import { sampleDocs } from "../schemas/fixtures";
import { newConsole, pods } from "./helpers";

describe("console on a topology", () => {
  it("loads the multi-AZ sample's first cluster: its nodes, and its Deployments' pods scheduled and starting", () => {
    const topo = topologySchema.parse(sampleDocs().find((s) => s.file.startsWith("multi-az"))!.value);
    const first = expandTopology(topo)[0]!;
    const con = new KubectlConsole(first.snapshot);
    const nodes = con.feed("kubectl get nodes");
    expect(nodes.length - 1).toBe(first.snapshot.nodes.length);
    const deploys = con.feed("kubectl get deploy -A");
    expect(deploys[0]).toMatch(/^NAMESPACE +NAME +READY +UP-TO-DATE +AVAILABLE +AGE$/);
    expect(deploys.length - 1).toBe(first.snapshot.deployments.length);
    con.feed("sim advance 2m");
    const all = con.feed("kubectl get pods -A -o wide");
    expect(all.length).toBeGreaterThan(1);
    expect(all.slice(1).some((l) => / Running /.test(l))).toBe(true);
  });
});

describe("zone outage on the default cluster", () => {
  it("the failed zone's pods are replaced in the other zones after 50 s + 300 s; nothing moves back after recovery", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=6");
    run("kubectl wait --for=condition=Ready pod -l app=web");
    const inA = pods(run).filter((p) => p.node.startsWith("node-a"));
    expect(inA.length).toBeGreaterThan(0);
    run("sim fail zone eu-west-1a");
    run("sim advance 340s");
    expect(pods(run).filter((p) => p.status === "Terminating")).toHaveLength(0);
    run("sim advance 40s");
    expect(run("kubectl get nodes").filter((l) => /node-a\d +NotReady/.test(l))).toHaveLength(2);
    const after = pods(run);
    expect(after.filter((p) => p.status === "Terminating").map((p) => p.name).sort()).toEqual(inA.map((p) => p.name).sort());
    expect(after.filter((p) => p.status !== "Terminating" && p.node.startsWith("node-a"))).toEqual([]);
    run("kubectl wait --for=condition=Ready pod -l app=web");
    run("sim recover zone eu-west-1a");
    run("sim advance 1m");
    const recovered = pods(run);
    expect(recovered).toHaveLength(6);
    expect(recovered.filter((p) => p.node.startsWith("node-a"))).toEqual([]); // no rebalancing
  });

  it("every zone down (region failure): the controller blames its own network and evicts nothing", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=3");
    run("kubectl wait --for=condition=Ready pod -l app=web");
    run("sim fail region eu-west-1");
    run("sim advance 15m");
    const during = pods(run);
    expect(during).toHaveLength(3);
    expect(during.every((p) => p.status === "Running" && p.ready === "0/1")).toBe(true);
    run("sim recover region eu-west-1");
    expect(pods(run).every((p) => p.ready === "1/1")).toBe(true);
  });
});

describe("node monitoring on the 5 s tick", () => {
  it("a node failing at 11 s is NotReady at 65 s: the first monitor pass after its last heartbeat (10 s) + 50 s", () => {
    const { run } = newConsole();
    run("sim advance 10s");
    expect(run("sim fail node node-a1")[0]).toContain("failed at t=11s");
    expect(run("sim advance 51s")).toEqual(["virtual time: t=1m3s"]);
    const status = () => run("kubectl get node node-a1")[1]!.split(/\s+/)[1]; // each command settles 1 s
    expect(status()).toBe("Ready"); // t = 64 s
    expect(status()).toBe("NotReady"); // t = 65 s
  });
});
