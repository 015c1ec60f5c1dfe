"use client";
/**
 * The placement map: per cluster, regions -> zone columns -> nodes with their pods coloured by Deployment.
 * lib/viz/placement-layout.ts computes every rectangle (d3 band scale for the zone columns); this draws them
 * as SVG (few pods) or on a <canvas> (thousands of pods, or one aggregated cell per node beyond ~10,000), so
 * the DOM stays small at any scale. d3-zoom pans and zooms it (use-map-zoom.ts): the SVG layers get a CSS
 * transform and the canvas repaints itself under the transform, sharp at any zoom.
 */
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { sum, type ZoomTransform } from "d3";
import type { ClusterPlacement, DeploymentSummary } from "@/lib/services/placement-core";
import { aggregateSegments, hitTest, layoutCluster, type ClusterLayout } from "@/lib/viz/placement-layout";
import { deploymentColor } from "@/lib/viz/placement-colors";
import { zoneColor } from "@/lib/viz/palette";
import { MAX_MAP_ZOOM, useMapZoom } from "./use-map-zoom";
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
  /** The cluster's heading (title, legend), shown left of the zoom controls. */
  head?: ReactNode;
}

const podsOn = (node: ClusterPlacement["nodes"][number]) => sum(node.pods, (p) => p.n);
const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

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
            {plural(z.nodes, "node")} · {plural(z.pods, "pod")}
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
              <title>{`${node.name}\n${podsOn(node)} / ${node.maxPods} pods`}</title>
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

/** Paints the layout under the zoom transform, at the device's pixel ratio: sharp at any zoom. */
function paint(canvas: HTMLCanvasElement, l: ClusterLayout, cluster: ClusterPlacement, t: ZoomTransform) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.ceil(l.width * dpr);
  const h = Math.ceil(l.height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const g = canvas.getContext("2d");
  if (!g) return;
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.clearRect(0, 0, w, h);
  g.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);
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

type Painter = RefObject<((t: ZoomTransform) => void) | null>;

function CanvasBody({ l, cluster, deployments, onPick, transform, painter }: { l: ClusterLayout; cluster: ClusterPlacement; deployments: DeploymentSummary[]; onPick: Props["onPick"]; transform: RefObject<ZoomTransform>; painter: Painter }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ x: number; y: number; text: string } | null>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const repaint = (t: ZoomTransform) => paint(canvas, l, cluster, t);
    painter.current = repaint;
    repaint(transform.current);
    return () => {
      if (painter.current === repaint) painter.current = null;
    };
  }, [l, cluster, painter, transform]);
  const at = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    // The canvas covers the viewport; the layout point under the mouse is the zoom transform's inverse.
    const [lx, ly] = transform.current.invert([x, y]);
    return { x, y, hit: hitTest(l, lx, ly) };
  };
  const describe = (node: number, d: number | null) => {
    const n = cluster.nodes[node]!;
    const parts = [...n.pods].sort((a, b) => b.n - a.n).slice(0, 4).map((p) => `${deployments[p.d]?.name ?? "other"} ${p.n}`);
    return d !== null && d >= 0 ? `${deployments[d]?.name ?? "other"} on ${n.name}` : `${n.name} · ${podsOn(n)}/${n.maxPods} pods${parts.length ? ` · ${parts.join(", ")}` : ""}`;
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

export function PlacementMap({ cluster, deployments, width, zoneIndex, onPick, selectedNode, head }: Props) {
  const l = useMemo(() => layoutCluster(cluster, width), [cluster, width]);
  const sel = selectedNode === null ? undefined : l.nodes.find((n) => cluster.nodes[n.node]!.name === selectedNode);
  const viewport = useRef<HTMLDivElement>(null);
  const under = useRef<HTMLDivElement>(null);
  const over = useRef<HTMLDivElement>(null);
  const painter = useRef<((t: ZoomTransform) => void) | null>(null);
  // Runs on every zoom event, outside React: the transform goes straight to the layers' style.
  const apply = useCallback((t: ZoomTransform) => {
    const css = `translate(${t.x}px, ${t.y}px) scale(${t.k})`;
    for (const el of [under.current, over.current]) {
      if (!el) continue;
      el.style.transform = css;
      el.style.setProperty("--zoom-k", String(t.k));
    }
    painter.current?.(t);
  }, []);
  const { transform, k, zoomBy, reset } = useMapZoom(viewport, l.width, l.height, apply);
  return (
    <>
      <div className={styles.clusterHead}>
        {head}
        <span className={`btn-group ${styles.zoomTools}`}>
          <span className="muted">Ctrl + scroll to zoom · drag to pan</span>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => zoomBy(1 / 1.5)} disabled={k <= 1} aria-label={`Zoom out of cluster ${cluster.name}`}>
            −
          </button>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => zoomBy(1.5)} disabled={k >= MAX_MAP_ZOOM} aria-label={`Zoom in on cluster ${cluster.name}`}>
            +
          </button>
          <button type="button" className="btn btn-sm" onClick={reset} disabled={k === 1} aria-label={`Reset zoom of cluster ${cluster.name}`}>
            Reset
          </button>
        </span>
      </div>
      <div ref={viewport} className={styles.map} data-testid="placement-map" data-mode={l.mode} data-zoom={Math.round(k * 100) / 100} style={{ width: l.width, height: l.height }}>
        <div ref={under} className={styles.mapLayer} style={{ width: l.width, height: l.height }}>
          <svg width={l.width} height={l.height} className={styles.mapSvg} role="img" aria-label={`Pods of cluster ${cluster.name} by zone and node`}>
            <Headers l={l} zoneIndex={zoneIndex} />
            {l.mode === "svg" && <SvgBody l={l} cluster={cluster} deployments={deployments} onPick={onPick} />}
          </svg>
        </div>
        {l.mode !== "svg" && <CanvasBody l={l} cluster={cluster} deployments={deployments} onPick={onPick} transform={transform} painter={painter} />}
        <div ref={over} className={`${styles.mapLayer} ${styles.mapOverlay}`} style={{ width: l.width, height: l.height }} aria-hidden="true">
          {sel && <div className={styles.selected} style={{ left: sel.x - 2, top: sel.y - 2, width: sel.w + 4, height: sel.h + 4 }} />}
        </div>
      </div>
    </>
  );
}
