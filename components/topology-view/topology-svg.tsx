/**
 * Renders a TopologyLayout as SVG: region bands, zone columns with their headers, then one ClusterBox per
 * cluster. Pure rendering of precomputed geometry: every coordinate comes from lib/viz/topology-layout.ts.
 */
import { memo } from "react";
import type { TopologyLayout } from "@/lib/viz/topology-layout";
import { DEFAULT_LAYOUT as L } from "@/lib/viz/topology-layout";
import { zoneColor } from "@/lib/viz/palette";
import { approxTextWidth, fitText } from "@/lib/viz/text-fit";
import { ClusterBox, type HoverHandler } from "./cluster-box";

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

function Headers({ layout }: { layout: TopologyLayout }) {
  return (
    <g className="viz-headers">
      {layout.zones.map((z) => (
        <rect key={`col-${z.id}`} x={z.x} y={z.y} width={z.width} height={z.height} rx={4} className="viz-column" />
      ))}
      {layout.regions.map((r) => {
        const meta = `${r.id}${r.provider ? ` · ${r.provider}` : ""}`;
        const count = plural(r.nodeCount, "node");
        const labelRoom = r.width - 24 - approxTextWidth(count, 11);
        const title = fitText(r.label, labelRoom, 12);
        const metaFits = title === r.label && labelRoom - approxTextWidth(r.label, 12, false, true) - 8 > approxTextWidth(meta, 11);
        return (
          <g key={r.id} data-testid="viz-region" data-region={r.id}>
            <rect x={r.x} y={r.y} width={r.width} height={L.regionHeaderHeight} rx={4} className="viz-region" />
            <text x={r.x + 8} y={r.y + 16} className="viz-region-label">
              {title}
              {metaFits && (
                <tspan className="viz-small viz-muted" dx={8}>
                  {meta}
                </tspan>
              )}
            </text>
            <text x={r.x + r.width - 8} y={r.y + 16} textAnchor="end" className="viz-small viz-muted">
              {count}
            </text>
          </g>
        );
      })}
      {layout.zones.map((z) => {
        // The zone name matters more than its count: shorten the count to a bare number before the name.
        const full = plural(z.nodeCount, "node");
        const nameWidth = approxTextWidth(z.id, 12, true);
        const count = nameWidth + approxTextWidth(full, 11) + 24 <= z.width ? full : String(z.nodeCount);
        const name = fitText(z.id, z.width - 24 - approxTextWidth(count, 11), 12, true);
        return (
          <g key={z.id} data-testid="viz-zone" data-zone={z.id}>
            <title>{`${z.id}: ${full}`}</title>
            <rect x={z.x} y={z.y} width={z.width} height={3} rx={1.5} fill={zoneColor(z.index)} />
            <text x={z.x + 8} y={z.y + 19} className="viz-zone-label">
              {name}
            </text>
            <text x={z.x + z.width - 8} y={z.y + 19} textAnchor="end" className="viz-small viz-muted">
              {count}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function TopologySvgImpl({ layout, onHover }: { layout: TopologyLayout; onHover: HoverHandler }) {
  const colorOf = new Map(layout.zones.map((z) => [z.id, zoneColor(z.index)]));
  return (
    <>
      <Headers layout={layout} />
      {layout.clusters.map((c) => (
        <ClusterBox key={c.name} cluster={c} colorOf={colorOf} onHover={onHover} />
      ))}
    </>
  );
}

/** Memoised: hovering changes tooltip state in the parent, which must not re-render thousands of squares. */
export const TopologySvg = memo(TopologySvgImpl);
