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

/** A red pill in a zone or region header, in place of its node count (the Simulation tab's failed domains). */
export interface HeaderBadge {
  text: string;
  title: string;
}

export interface HeaderBadges {
  zones?: ReadonlyMap<string, HeaderBadge>;
  regions?: ReadonlyMap<string, HeaderBadge>;
}

const BADGE_FONT = 10.5;

function Badge({ right, y, badge }: { right: number; y: number; badge: HeaderBadge }) {
  const w = Math.ceil(approxTextWidth(badge.text, BADGE_FONT, false, true)) + 14;
  return (
    <g data-testid="header-badge">
      <title>{badge.title}</title>
      <rect x={right - w} y={y} width={w} height={17} rx={8.5} className="viz-fail-badge" />
      <text x={right - w / 2} y={y + 12} textAnchor="middle" className="viz-fail-badge-text">
        {badge.text}
      </text>
    </g>
  );
}

export const badgeWidth = (text: string) => Math.ceil(approxTextWidth(text, BADGE_FONT, false, true)) + 14;

export function Headers({ layout, badges }: { layout: TopologyLayout; badges?: HeaderBadges }) {
  return (
    <g className="viz-headers">
      {layout.zones.map((z) => (
        <rect key={`col-${z.id}`} x={z.x} y={z.y} width={z.width} height={z.height} rx={4} className="viz-column" />
      ))}
      {layout.regions.map((r) => {
        const meta = `${r.id}${r.provider ? ` · ${r.provider}` : ""}`;
        const badge = badges?.regions?.get(r.id);
        const count = plural(r.nodeCount, "node");
        const labelRoom = r.width - 24 - (badge ? badgeWidth(badge.text) : approxTextWidth(count, 11));
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
            {badge ? (
              <Badge right={r.x + r.width - 4} y={r.y + 3.5} badge={badge} />
            ) : (
              <text x={r.x + r.width - 8} y={r.y + 16} textAnchor="end" className="viz-small viz-muted">
                {count}
              </text>
            )}
          </g>
        );
      })}
      {layout.zones.map((z) => {
        // The zone name matters more than its count: shorten the count to a bare number before the name.
        const full = plural(z.nodeCount, "node");
        const badge = badges?.zones?.get(z.id);
        const nameWidth = approxTextWidth(z.id, 12, true);
        const count = nameWidth + approxTextWidth(full, 11) + 24 <= z.width ? full : String(z.nodeCount);
        const name = fitText(z.id, z.width - 24 - (badge ? badgeWidth(badge.text) : approxTextWidth(count, 11)), 12, true);
        return (
          <g key={z.id} data-testid="viz-zone" data-zone={z.id}>
            <title>{`${z.id}: ${full}`}</title>
            <rect x={z.x} y={z.y} width={z.width} height={3} rx={1.5} fill={zoneColor(z.index)} />
            <text x={z.x + 8} y={z.y + 19} className="viz-zone-label">
              {name}
            </text>
            {badge ? (
              <Badge right={z.x + z.width - 6} y={z.y + 7} badge={badge} />
            ) : (
              <text x={z.x + z.width - 8} y={z.y + 19} textAnchor="end" className="viz-small viz-muted">
                {count}
              </text>
            )}
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
