"use client";
/**
 * The Console tab: a terminal running the pure kubectl interpreter (lib/engine/console) in the browser, on the
 * default cluster (one region, three zones, two nodes each) or on the topology's first cluster.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { Topology } from "@/lib/schemas/topology";
import { KubectlConsole } from "@/lib/engine/console";
import { expandTopology } from "@/lib/engine/model/expand";
import { EXERCISES } from "./exercises";
import styles from "./console.module.css";

/** Props every workspace tab receives: the saved topology and the editor's last valid document (null while invalid). */
export interface WorkspaceTabProps {
  topologyId: string;
  revision: number;
  spec: Topology | null;
}

interface Line {
  kind: "cmd" | "out" | "err";
  text: string;
}

type Source = "default" | "topology";

function newConsole(source: Source, spec: Topology | null): { con: KubectlConsole; banner: string } {
  if (source === "topology" && spec) {
    try {
      const first = expandTopology(spec)[0];
      if (first) return { con: new KubectlConsole(first.snapshot), banner: `cluster ${first.name}: ${first.snapshot.nodes.length} nodes in ${first.zones.join(", ")}` };
    } catch (e) {
      return { con: new KubectlConsole(), banner: `could not expand the topology (${(e as Error).message}); using the default cluster` };
    }
  }
  return { con: new KubectlConsole(), banner: "default cluster: region eu-west-1, zones eu-west-1a/b/c, nodes node-a1 ... node-c2" };
}

export function ConsoleTab({ spec }: WorkspaceTabProps) {
  const [source, setSource] = useState<Source>("default");
  const [generation, setGeneration] = useState(0);
  // The spec is read when the console is (re)started, not on every edit: a running session keeps its cluster.
  const specRef = useRef(spec);
  specRef.current = spec;
  const session = useMemo(() => (generation >= 0 ? newConsole(source, specRef.current) : newConsole(source, null)), [source, generation]);
  const [lines, setLines] = useState<Line[]>([]);
  const [input, setInput] = useState("");
  const [history, setHistory] = useState<string[]>([]);
  const [historyAt, setHistoryAt] = useState<number | null>(null);
  const [collecting, setCollecting] = useState(false);
  const outRef = useRef<HTMLPreElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setLines([{ kind: "out", text: `# ${session.banner}. Type "help" for the commands.` }]);
    setCollecting(false);
  }, [session]);
  useEffect(() => {
    outRef.current?.scrollTo({ top: outRef.current.scrollHeight });
  }, [lines]);

  const submit = useCallback((text: string) => {
    const wasCollecting = session.con.collecting;
    const out = session.con.feed(text);
    setLines((ls) => [
      ...ls,
      { kind: "cmd", text: `${wasCollecting ? ">" : "$"} ${text}` },
      ...out.map((t) => ({ kind: (/^(error|Error from server)/.test(t) ? "err" : "out") as Line["kind"], text: t })),
    ]);
    setCollecting(session.con.collecting);
    if (text.trim() !== "") setHistory((h) => [...h, text]);
    setHistoryAt(null);
  }, [session]);

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      submit(input);
      setInput("");
    } else if (e.key === "ArrowUp" && history.length > 0) {
      e.preventDefault();
      const at = historyAt === null ? history.length - 1 : Math.max(0, historyAt - 1);
      setHistoryAt(at);
      setInput(history[at]!);
    } else if (e.key === "ArrowDown" && historyAt !== null) {
      e.preventDefault();
      const at = historyAt + 1;
      setHistoryAt(at >= history.length ? null : at);
      setInput(at >= history.length ? "" : history[at]!);
    }
  };

  return (
    <div className={styles.wrap} data-testid="console-tab">
      <div className={styles.terminal} onClick={() => inputRef.current?.focus()}>
        <pre className={styles.output} ref={outRef} data-testid="console-output">
          {lines.map((l, i) => (
            <div key={i} className={l.kind === "cmd" ? styles.cmd : l.kind === "err" ? styles.err : undefined}>{l.text || "\u00a0"}</div>
          ))}
        </pre>
        <div className={styles.inputRow}>
          <span className={styles.prompt}>{collecting ? ">" : "$"}</span>
          <input
            ref={inputRef}
            className={styles.input}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onKeyDown={onKey}
            aria-label="Console input"
            data-testid="console-input"
            spellCheck={false}
            autoComplete="off"
            placeholder={collecting ? "YAML, then a line ---EOF" : "kubectl get pods"}
          />
        </div>
      </div>
      <aside className={styles.side}>
        <div className={styles.toolbar}>
          <label className={styles.source}>
            <span className="muted">Cluster</span>
            <select className="input" value={source} onChange={(e) => setSource(e.target.value as Source)} data-testid="console-source">
              <option value="default">default (3 zones x 2 nodes)</option>
              <option value="topology" disabled={!spec}>this topology&apos;s first cluster</option>
            </select>
          </label>
          <button type="button" className="btn" onClick={() => setGeneration((g) => g + 1)}>Reset</button>
        </div>
        <div>
          <h3>Exercises</h3>
          <ul className={styles.exercises}>
            {EXERCISES.map((x) => (
              <li key={x.title}>
                <span className={styles.exTitle}>{x.title}</span>
                <ul className={styles.commands}>
                  {x.commands.map((c, i) => (
                    <li key={i}>
                      <button type="button" className={styles.link} onClick={() => { setInput(c.split("\n")[0]!); inputRef.current?.focus(); }}><code>{c.split("\n")[0]}</code></button>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
        <p>Virtual time: a command gives the controllers about a second; <code>kubectl wait</code> and <code>sim advance</code> move the clock.</p>
      </aside>
    </div>
  );
}
