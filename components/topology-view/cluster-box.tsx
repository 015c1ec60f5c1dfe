/**
 * One cluster: a box over the columns of its zones, a header (name, size, stretched badge), the etcd members per
 * zone, and one row per node pool with a cell per zone holding node squares or an aggregate block.
 */
import type { MouseEvent } from "react";
import type { ClusterBox as Box, PoolCell, PoolRow } from "@/lib/viz/topology-layout";
import { DEFAULT_LAYOUT as L } from "@/lib/viz/topology-layout";
import { formatCapacity, formatCount, formatCpu, formatMemory } from "@/lib/viz/capacity";
import { approxTextWidth, fitText } from "@/lib/viz/text-fit";
import type { ViewNode } from "@/lib/viz/topology-model";
import type { TooltipContent } from "./node-tooltip";

export type HoverHandler = (content: TooltipContent | null, event?: MouseEvent) => void;

/** How a node is marked beyond its zone colour (the Simulation tab's failed nodes); undefined: plain. */
export type NodeMarker = (node: ViewNode) => { state: "failed" | "recovered"; note: string } | undefined;

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

/** The longest caption that fits: count, cpu and memory; then count and cpu; then the count alone. */
function cellCaption(cell: PoolCell, width: number): string {
  if (cell.nodeCount === 0) return "no nodes";
  if (cell.aggregated) return fitText(`aggregated: more than ${L.aggregateThreshold} nodes`, width, 11);
  const count = plural(cell.nodeCount, "node");
  const cpu = formatCpu(cell.total.cpuMillis);
  for (const c of [`${count} · ${cpu} · ${formatMemory(cell.total.memoryBytes)}`, `${count} · ${cpu}`]) {
    if (approxTextWidth(c, 11) <= width) return c;
  }
  return fitText(count, width, 11);
}

function Cell({ cell, row, color, onHover, marker }: { cell: PoolCell; row: PoolRow; color: string; onHover: HoverHandler; marker?: NodeMarker }) {
  const captionY = cell.y + L.cellPadding + 10;
  const caption = cellCaption(cell, cell.width - 2 * L.cellPadding);
  const empty = cell.nodeCount === 0;
  const cellTip = (): TooltipContent => ({
    title: `${row.pool.name} · ${cell.zone}`,
    subtitle: `${row.cluster} · ${row.pool.instanceType || "instance type not set"}`,
    count: cell.nodeCount,
    capacity: cell.total,
    capacityLabel: "total allocatable in this zone",
  });
  return (
    <g data-testid="pool-cell" data-zone={cell.zone} data-pool={row.pool.name} data-count={cell.nodeCount}>
      {empty ? (
        <rect x={cell.x + 0.5} y={cell.y + 0.5} width={cell.width - 1} height={cell.height - 1} rx={3} className="viz-cell-empty" />
      ) : (
        <rect x={cell.x} y={cell.y} width={cell.width} height={cell.height} rx={3} fill={color} fillOpacity={0.06} stroke={color} strokeOpacity={0.28} />
      )}
      <text x={cell.x + L.cellPadding} y={captionY} className={empty ? "viz-small viz-faint" : "viz-small viz-muted"}>
        {caption}
      </text>
      {cell.aggregated ? (
        <g
          data-testid="node-aggregate"
          data-count={cell.nodeCount}
          onMouseMove={(e) => onHover(cellTip(), e)}
          onMouseLeave={() => onHover(null)}
        >
          <rect
            x={cell.x + L.cellPadding}
            y={captionY + 8}
            width={cell.width - 2 * L.cellPadding}
            height={L.aggregateHeight}
            rx={3}
            fill={color}
            fillOpacity={0.22}
            stroke={color}
            strokeWidth={1}
            className="viz-aggregate"
          />
          <text x={cell.x + L.cellPadding + 8} y={captionY + 25} className="viz-aggregate-count">
            {formatCount(cell.nodeCount)} nodes
          </text>
          <text x={cell.x + cell.width - L.cellPadding - 8} y={captionY + 25} textAnchor="end" className="viz-small viz-text2">
            {formatCount(cell.total.pods)} pods
          </text>
          <text x={cell.x + L.cellPadding + 8} y={captionY + 40} className="viz-small viz-text2">
            {fitText(`${formatCpu(cell.total.cpuMillis)} · ${formatMemory(cell.total.memoryBytes)}`, cell.width - 2 * L.cellPadding - 16, 11)}
          </text>
        </g>
      ) : (
        cell.nodes.map((m) => {
          const mark = marker?.(m.node);
          const extra = [...(mark ? [mark.note] : []), ...(m.node.taints ?? [])];
          return (
            <rect
              key={m.node.name}
              data-testid="node"
              data-node={m.node.name}
              data-state={mark?.state}
              x={m.x}
              y={m.y}
              width={m.size}
              height={m.size}
              rx={1.5}
              fill={color}
              className={mark ? `viz-node viz-node-${mark.state}` : "viz-node"}
              onMouseMove={(e) =>
                onHover(
                  {
                    title: m.node.name,
                    subtitle: `${row.cluster} · ${row.pool.name} · ${m.node.zone}`,
                    capacity: m.node.allocatable,
                    capacityLabel: `allocatable${m.node.instanceType ? ` · ${m.node.instanceType}` : ""}`,
                    extra: extra.length ? extra : undefined,
                  },
                  e,
                )
              }
              onMouseLeave={() => onHover(null)}
            />
          );
        })
      )}
    </g>
  );
}

function Row({ row, colorOf, onHover, marker }: { row: PoolRow; colorOf: Map<string, string>; onHover: HoverHandler; marker?: NodeMarker }) {
  const p = row.pool;
  const perNode = `${p.instanceType ? `${p.instanceType} · ` : ""}${formatCapacity(p.perNode)} per node`;
  const room = row.width - 2 * L.cellInset;
  const name = fitText(p.name, Math.min(room, 180), 12, false, true);
  const metaRoom = room - approxTextWidth(name, 12, false, true) - 12 - (p.taints.length ? 60 : 0);
  return (
    <g data-testid="pool-row" data-pool={p.name}>
      <text x={row.x + L.cellInset + 2} y={row.y + 14} className="viz-pool-label">
        {name}
        {metaRoom > 40 && (
          <tspan dx={8} className="viz-small viz-muted">
            {fitText(perNode, metaRoom, 11)}
          </tspan>
        )}
      </text>
      {p.taints.length > 0 && (
        <text x={row.x + row.width - L.cellInset - 2} y={row.y + 14} textAnchor="end" className="viz-small viz-warn">
          <title>{p.taints.join("\n")}</title>
          {plural(p.taints.length, "taint")}
        </text>
      )}
      {row.cells.map((cell) => (
        <Cell key={cell.zone} cell={cell} row={row} color={colorOf.get(cell.zone) ?? "#888"} onHover={onHover} marker={marker} />
      ))}
    </g>
  );
}

export function ClusterBox({ cluster: c, colorOf, onHover, marker }: { cluster: Box; colorOf: Map<string, string>; onHover: HoverHandler; marker?: NodeMarker }) {
  const stretched = c.regions.length > 1;
  const etcdTotal = c.etcd.reduce((n, e) => n + e.members, 0);
  const meta = [plural(c.nodeCount, "node"), plural(c.rows.length, "pool"), `etcd ${etcdTotal}`].join(" · ");
  const badge = stretched ? `stretched · ${c.regions.length} regions` : null;
  const nameRoom = c.width - 24 - (badge ? 150 : 0);
  const name = fitText(c.name, Math.min(nameRoom, 240), 13, false, true);
  const metaRoom = nameRoom - approxTextWidth(name, 13, false, true) - 16;
  return (
    <g data-testid="cluster" data-cluster={c.name}>
      <rect x={c.x} y={c.y} width={c.width} height={c.height} rx={6} className="viz-cluster" />
      {c.gaps.map((g) => (
        <rect key={g.zone} x={g.x + 1} y={c.y + L.clusterHeaderHeight} width={g.width - 2} height={c.height - L.clusterHeaderHeight - 1} className="viz-gap">
          <title>{`${c.name} has no nodes in ${g.zone}`}</title>
        </rect>
      ))}
      <text x={c.x + 10} y={c.y + 18} className="viz-cluster-label">
        {name}
        {metaRoom > 40 && (
          <tspan dx={10} className="viz-small viz-muted">
            {fitText(meta, metaRoom, 11)}
          </tspan>
        )}
      </text>
      {badge && (
        <g>
          <rect x={c.x + c.width - 146} y={c.y + 6} width={136} height={17} rx={8.5} className="viz-badge" />
          <text x={c.x + c.width - 78} y={c.y + 18} textAnchor="middle" className="viz-badge-text">
            {badge}
          </text>
        </g>
      )}
      <line x1={c.x} x2={c.x + c.width} y1={c.y + L.clusterHeaderHeight} y2={c.y + L.clusterHeaderHeight} className="viz-divider" />
      {c.etcd.map((e) => (
        <g key={e.zone} data-testid="etcd" data-zone={e.zone} data-members={e.members}>
          <title>{`${e.members} etcd member${e.members === 1 ? "" : "s"} in ${e.zone}`}</title>
          {Array.from({ length: Math.min(e.members, 7) }, (_, i) => (
            <rect
              key={i}
              x={e.x + 4 + i * 11}
              y={e.y + 6}
              width={7}
              height={7}
              transform={`rotate(45 ${e.x + 7.5 + i * 11} ${e.y + 9.5})`}
              className="viz-etcd"
            />
          ))}
          <text x={e.x + 8 + Math.min(e.members, 7) * 11} y={e.y + 13.5} className="viz-small viz-text2">
            etcd{e.members > 7 ? ` ×${e.members}` : ""}
          </text>
        </g>
      ))}
      {c.rows.map((r) => (
        <Row key={r.pool.name} row={r} colorOf={colorOf} onHover={onHover} marker={marker} />
      ))}
      {c.rows.length === 0 && (
        <text x={c.x + 10} y={c.y + L.clusterHeaderHeight + L.etcdRowHeight + 4} className="viz-small viz-faint">
          no node pools
        </text>
      )}
    </g>
  );
}
