"use client";
import { type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { layoutTopology } from "@/lib/viz/topology-layout";
import type { TopologyViewModel } from "@/lib/viz/topology-model";
import { DEFAULT_LAYOUT } from "@/lib/viz/topology-layout";
import { NodeTooltip, type TooltipContent } from "./node-tooltip";
import { TopologySvg } from "./topology-svg";
import { Legend } from "./legend";
import { useZoom } from "./use-zoom";
import { useQuantizedWidth } from "./use-quantized-width";

/**
 * The topology drawing with pan/zoom, fit, a hover tooltip and a legend. `stale` means the editor text is
 * currently invalid and this is the last valid document: the drawing stays, dimmed, rather than flickering away.
 */
export function TopologyView({ model, stale = false }: { model: TopologyViewModel | null; stale?: boolean }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const targetWidth = useQuantizedWidth(boxRef, 40);
  const layout = useMemo(() => (model && targetWidth > 0 ? layoutTopology(model, { targetWidth }) : null), [model, targetWidth]);
  const { fit, zoomBy } = useZoom(svgRef, gRef);
  const [tip, setTip] = useState<{ content: TooltipContent; x: number; y: number } | null>(null);

  // Fit when the first layout arrives and when the pane is resized (the shelves re-wrap); edits to the
  // document keep the user's pan and zoom.
  const fittedFor = useRef(0);
  useEffect(() => {
    if (layout && fittedFor.current !== targetWidth) {
      fittedFor.current = targetWidth;
      fit(layout.width, layout.height);
    }
  }, [layout, fit, targetWidth]);

  const onHover = useCallback((content: TooltipContent | null, event?: MouseEvent) => {
    const box = boxRef.current?.getBoundingClientRect();
    if (!content || !event || !box) return setTip(null);
    setTip({ content, x: event.clientX - box.left, y: event.clientY - box.top });
  }, []);

  return (
    <div className="viz" data-testid="topology-view" data-stale={stale || undefined}>
      <div className="viz-toolbar">
        <span className="viz-stats" data-testid="viz-stats">
          {layout ? (
            <>
              <b>{layout.totalNodes.toLocaleString("en-US")}</b> nodes · <b>{layout.clusters.length}</b> clusters · <b>{layout.zones.length}</b> zones
              {layout.aggregatedCells > 0 && <span className="muted"> · cells over {DEFAULT_LAYOUT.aggregateThreshold} nodes aggregated</span>}
            </>
          ) : (
            <span className="muted">Nothing to draw yet</span>
          )}
        </span>
        {stale && <span className="badge badge-warn">showing last valid version</span>}
        <span className="btn-group" style={{ marginLeft: "auto" }}>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => zoomBy(1 / 1.25)} aria-label="Zoom out">
            −
          </button>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => zoomBy(1.25)} aria-label="Zoom in">
            +
          </button>
          <button type="button" className="btn btn-sm" onClick={() => layout && fit(layout.width, layout.height)}>
            Fit
          </button>
        </span>
      </div>
      <div className="viz-canvas" ref={boxRef}>
        <svg ref={svgRef} className={stale ? "viz-svg is-stale" : "viz-svg"} role="img" aria-label="Topology diagram">
          <defs>
            <pattern id="viz-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#f4f5f7" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#d9dde2" strokeWidth="2" />
            </pattern>
          </defs>
          <g ref={gRef}>{layout && <TopologySvg layout={layout} onHover={onHover} />}</g>
        </svg>
        {!layout && (
          <div className="viz-empty">
            <p>The diagram appears when the document is valid.</p>
          </div>
        )}
        {tip && <NodeTooltip content={tip.content} x={tip.x} y={tip.y} />}
      </div>
      <Legend />
    </div>
  );
}
