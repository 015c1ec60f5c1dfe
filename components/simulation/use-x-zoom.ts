"use client";
/**
 * d3-zoom on the x axis only: d3 computes the transform from wheel / drag / dblclick, React re-renders with
 * the rescaled x scale (the timeline has a few hundred elements, so a render per zoom event is cheap).
 */
import { useEffect, useState, type RefObject } from "react";
import { select, zoom, zoomIdentity, type ZoomTransform } from "d3";

export function useXZoom(ref: RefObject<SVGSVGElement | null>, width: number, left: number, right: number) {
  const [t, setT] = useState<ZoomTransform>(zoomIdentity);
  useEffect(() => {
    const el = ref.current;
    if (!el || width <= 0) return;
    const behavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, 400])
      .extent([[left, 0], [width - right, 1]])
      .translateExtent([[left, 0], [width - right, 1]])
      .on("zoom", (e: { transform: ZoomTransform }) => setT(e.transform));
    const sel = select(el).call(behavior);
    return () => void sel.on(".zoom", null);
  }, [ref, width, left, right]);
  const reset = () => {
    const el = ref.current;
    if (el) select(el).call(zoom<SVGSVGElement, unknown>().transform, zoomIdentity);
    setT(zoomIdentity);
  };
  return { transform: t, reset };
}
