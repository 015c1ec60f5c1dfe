"use client";
/**
 * The placement map: per cluster, regions -> zone columns -> nodes with their pods coloured by Deployment.
 * lib/viz/placement-layout.ts computes every rectangle; this draws them as SVG (few pods) or on a <canvas>
 * (thousands of pods, or one aggregated cell per node beyond ~10,000), so the DOM stays small at any scale.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { ClusterPlacement, DeploymentSummary } from "@/lib/services/placement-core";
import { aggregateSegments, hitTest, layoutCluster, type ClusterLayout } from "@/lib/viz/placement-layout";
import { deploymentColor } from "@/lib/viz/placement-colors";
import { zoneColor } from "@/lib/viz/palette";
import styles from "./placement.module.css";

export interface PodPick {
  cluster: string;
  node: string;
  /** Deployment index, or null when the click was on a node rather than a pod. */
  d: number | null;
}

interface Props {
  cluster: ClusterPlacement;
  deployments: DeploymentSummary[];
  width: number;
  zoneIndex: (zone: string) => number;
  onPick: (p: PodPick) => void;
  /** The node whose pod's trace is open, outlined. */
  selectedNode: string | null;
}

function nodeLabel(name: string, zone: string): string {
  // `<pool>-<zone>-<n>` reads better as "pool n" inside a zone column that already names the zone.
  const i = name.indexOf(`-${zone}-`);
  return i > 0 ? `${name.slice(0, i)} ${name.slice(i + zone.length + 2)}` : name;
}

function Headers({ l, zoneIndex }: { l: ClusterLayout; zoneIndex: (z: string) => number }) {
  return (
    <>
      {l.regions.map((r) => (
        <text key={`r-${r.region}-${r.x}`} x={r.x + 2} y={14} className={styles.regionLabel}>
          {r.region || "no region"}
        </text>
      ))}
      {l.zones.map((z) => (
        <g key={z.zone} data-testid="placement-zone" data-zone={z.zone} data-pods={z.pods}>
          <rect x={z.x} y={z.y} width={z.w} height={z.h} className={styles.zoneBg} rx={4} />
          <rect x={z.x} y={z.y} width={z.w} height={3} fill={zoneColor(zoneIndex(z.zone))} rx={1} />
          <text x={z.x + 8} y={z.y + 18} className={styles.zoneLabel}>
            {z.zone}
          </text>
          <text x={z.x + z.w - 8} y={z.y + 18} textAnchor="end" className={styles.zoneMeta}>
            {z.nodes.toLocaleString("en-US")} nodes · {z.pods.toLocaleString("en-US")} pods
          </text>
        </g>
      ))}
    </>
  );
}

function SvgBody({ l, cluster, deployments, onPick }: { l: ClusterLayout; cluster: ClusterPlacement; deployments: DeploymentSummary[]; onPick: Props["onPick"] }) {
  return (
    <>
      {l.nodes.map((n) => {
        const node = cluster.nodes[n.node]!;
        return (
          <g key={node.name} data-testid="placement-node" data-node={node.name}>
            <rect x={n.x} y={n.y} width={n.w} height={n.h} rx={3} className={styles.nodeBox} onClick={() => onPick({ cluster: cluster.name, node: node.name, d: null })}>
              <title>{`${node.name}\n${node.pods.reduce((s, p) => s + p.n, 0)} / ${node.maxPods} pods`}</title>
            </rect>
            <text x={n.x + 4} y={n.y + 12} className={styles.nodeLabel}>
              {nodeLabel(node.name, node.zone).slice(0, Math.max(4, Math.floor((n.w - 6) / 5.4)))}
            </text>
          </g>
        );
      })}
      {l.pods.map((p, i) => {
        const node = cluster.nodes[p.node]!;
        const dep = deployments[p.d];
        return (
          <rect
            key={i}
            x={p.x}
            y={p.y}
            width={p.w}
            height={p.h}
            rx={1.5}
            fill={deploymentColor(p.d)}
            className={styles.pod}
            data-testid="placement-pod"
            data-deployment={dep?.name ?? ""}
            onClick={() => onPick({ cluster: cluster.name, node: node.name, d: p.d })}
          >
            <title>{`${dep ? `${dep.namespace}/${dep.name}` : "other pod"} on ${node.name}`}</title>
          </rect>
        );
      })}
    </>
  );
}

function paint(canvas: HTMLCanvasElement, l: ClusterLayout, cluster: ClusterPlacement) {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.ceil(l.width * dpr);
  canvas.height = Math.ceil(l.height * dpr);
  const g = canvas.getContext("2d");
  if (!g) return;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, l.width, l.height);
  if (l.mode === "aggregate") {
    for (const n of l.nodes) {
      const node = cluster.nodes[n.node]!;
      g.fillStyle = "#e3e7ec";
      g.fillRect(n.x, n.y, n.w, n.h);
      for (const s of aggregateSegments(node.pods, n.h)) {
        g.fillStyle = deploymentColor(s.d);
        g.fillRect(n.x, n.y + s.y0, n.w, s.y1 - s.y0);
      }
    }
    return;
  }
  g.strokeStyle = "#c5ccd4";
  g.fillStyle = "#ffffff";
  for (const n of l.nodes) {
    g.fillRect(n.x, n.y, n.w, n.h);
    g.strokeRect(n.x + 0.5, n.y + 0.5, n.w - 1, n.h - 1);
  }
  // Batch by colour: one fillStyle change per Deployment instead of one per pod.
  const byColor = new Map<string, typeof l.pods>();
  for (const p of l.pods) {
    const c = deploymentColor(p.d);
    const list = byColor.get(c);
    if (list) list.push(p);
    else byColor.set(c, [p]);
  }
  for (const [c, list] of byColor) {
    g.fillStyle = c;
    for (const p of list) g.fillRect(p.x, p.y, p.w, p.h);
  }
}

function CanvasBody({ l, cluster, deployments, onPick }: { l: ClusterLayout; cluster: ClusterPlacement; deployments: DeploymentSummary[]; onPick: Props["onPick"] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ x: number; y: number; text: string } | null>(null);
  useEffect(() => {
    if (ref.current) paint(ref.current, l, cluster);
  }, [l, cluster]);
  const at = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    return { x, y, hit: hitTest(l, x, y) };
  };
  const describe = (node: number, d: number | null) => {
    const n = cluster.nodes[node]!;
    const total = n.pods.reduce((s, p) => s + p.n, 0);
    const parts = [...n.pods].sort((a, b) => b.n - a.n).slice(0, 4).map((p) => `${deployments[p.d]?.name ?? "other"} ${p.n}`);
    return d !== null && d >= 0 ? `${deployments[d]?.name ?? "other"} on ${n.name}` : `${n.name} · ${total}/${n.maxPods} pods${parts.length ? ` · ${parts.join(", ")}` : ""}`;
  };
  return (
    <>
      <canvas
        ref={ref}
        data-testid="placement-canvas"
        data-mode={l.mode}
        className={styles.canvas}
        style={{ width: l.width, height: l.height }}
        onMouseMove={(e) => {
          const { x, y, hit } = at(e);
          setHover(hit ? { x, y, text: describe(hit.node, hit.d) } : null);
        }}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const { hit } = at(e);
          if (!hit) return;
          const n = cluster.nodes[hit.node]!;
          // On an aggregated cell, trace the node's largest Deployment: the one a reader most likely means.
          const d = hit.d ?? ([...n.pods].sort((a, b) => b.n - a.n)[0]?.d ?? null);
          onPick({ cluster: cluster.name, node: n.name, d });
        }}
      />
      {hover && (
        <div className={styles.hover} style={{ left: Math.min(hover.x + 12, l.width - 260), top: hover.y + 14 }}>
          {hover.text}
        </div>
      )}
    </>
  );
}

export function PlacementMap({ cluster, deployments, width, zoneIndex, onPick, selectedNode }: Props) {
  const l = useMemo(() => layoutCluster(cluster, width), [cluster, width]);
  const sel = selectedNode === null ? undefined : l.nodes.find((n) => cluster.nodes[n.node]!.name === selectedNode);
  return (
    <div className={styles.map} data-testid="placement-map" data-mode={l.mode} style={{ width: l.width, height: l.height }}>
      <svg width={l.width} height={l.height} className={styles.mapSvg} role="img" aria-label={`Pods of cluster ${cluster.name} by zone and node`}>
        <Headers l={l} zoneIndex={zoneIndex} />
        {l.mode === "svg" && <SvgBody l={l} cluster={cluster} deployments={deployments} onPick={onPick} />}
      </svg>
      {l.mode !== "svg" && <CanvasBody l={l} cluster={cluster} deployments={deployments} onPick={onPick} />}
      {sel && <div className={styles.selected} style={{ left: sel.x - 2, top: sel.y - 2, width: sel.w + 4, height: sel.h + 4 }} aria-hidden="true" />}
    </div>
  );
}
