"use client";
import { type RefObject, useCallback, useEffect, useRef } from "react";
import { select, zoom, zoomIdentity, type ZoomBehavior } from "d3";

/**
 * d3-zoom on an <svg>, applied to one <g> through refs: the only place d3 touches the DOM. The transform is
 * written straight to the attribute, not to React state, so panning a drawing of thousands of elements never
 * re-renders it.
 */
export function useZoom(svgRef: RefObject<SVGSVGElement | null>, gRef: RefObject<SVGGElement | null>) {
  const behavior = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 4])
      .on("zoom", (event) => {
        gRef.current?.setAttribute("transform", event.transform.toString());
      });
    select(svg).call(z).on("dblclick.zoom", null);
    behavior.current = z;
    return () => {
      select(svg).on(".zoom", null);
      behavior.current = null;
    };
  }, [svgRef, gRef]);

  /** Fits a content box into the viewport, never enlarging beyond 1:1 (small topologies stay crisp, top-left). */
  const fit = useCallback(
    (contentWidth: number, contentHeight: number) => {
      const svg = svgRef.current;
      const z = behavior.current;
      if (!svg || !z) return;
      const { width, height } = svg.getBoundingClientRect();
      if (width === 0 || height === 0) return;
      const k = Math.min(1, width / contentWidth, height / contentHeight);
      const tx = Math.max(0, (width - contentWidth * k) / 2);
      select(svg).call(z.transform, zoomIdentity.translate(tx, 0).scale(k));
    },
    [svgRef],
  );

  const zoomBy = useCallback(
    (factor: number) => {
      const svg = svgRef.current;
      const z = behavior.current;
      if (svg && z) select(svg).call(z.scaleBy, factor);
    },
    [svgRef],
  );

  return { fit, zoomBy };
}
