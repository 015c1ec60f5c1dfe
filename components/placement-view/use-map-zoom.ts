"use client";
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from "d3";

/** How far in the map zooms: 8x makes a 4 px pod square of the canvas modes 32 px. */
export const MAX_MAP_ZOOM = 8;

/**
 * d3-zoom on the placement map's viewport (a <div>: the map is an <svg> with, at scale, a <canvas> on top).
 * As in the topology view (components/topology-view/use-zoom.ts), d3 computes the transform and React never
 * hears of it while a gesture runs: `apply` writes it straight to the DOM (a CSS transform on the SVG layers,
 * a repaint of the canvas), so panning never re-renders thousands of pods. React state only gets the scale
 * when a gesture ends (for the Reset button).
 *
 * The map sits in a scrolling page, so the plain wheel keeps scrolling it: Ctrl/⌘ + wheel (and a trackpad
 * pinch, which the browser reports as a wheel with ctrlKey) zooms; drag pans once zoomed in. The map is laid
 * out to the pane's width, so it never zooms out below 1:1 nor pans beyond its edges. Double-click does not
 * zoom (a click opens a pod's trace), and a click that moved less than 4 px is still a click.
 */
export function useMapZoom(viewport: RefObject<HTMLDivElement | null>, width: number, height: number, apply: (t: ZoomTransform) => void) {
  const behavior = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const current = useRef<ZoomTransform>(zoomIdentity);
  const applyRef = useRef(apply);
  const [k, setK] = useState(1);

  useEffect(() => {
    applyRef.current = apply;
  }, [apply]);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const z = zoom<HTMLDivElement, unknown>()
      .scaleExtent([1, MAX_MAP_ZOOM])
      .filter((e: MouseEvent) => (e.type === "wheel" ? e.ctrlKey || e.metaKey : !e.ctrlKey && !e.button))
      // d3's default multiplies ctrl-wheels by 10 (for pinches); a mouse wheel with Ctrl would then jump 4x a notch.
      .wheelDelta((e: WheelEvent) => -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.003))
      .clickDistance(4)
      .on("zoom", (e: D3ZoomEvent<HTMLDivElement, unknown>) => {
        current.current = e.transform;
        applyRef.current(e.transform);
      })
      .on("end", (e: D3ZoomEvent<HTMLDivElement, unknown>) => setK(e.transform.k));
    select(el).call(z).on("dblclick.zoom", null);
    behavior.current = z;
    return () => {
      select(el).on(".zoom", null);
      behavior.current = null;
    };
  }, [viewport]);

  // The bounds follow the layout (a what-if can make the map taller); the current view is pulled back inside.
  useEffect(() => {
    const el = viewport.current;
    const z = behavior.current;
    if (!el || !z || width <= 0 || height <= 0) return;
    z.extent([
      [0, 0],
      [width, height],
    ]).translateExtent([
      [0, 0],
      [width, height],
    ]);
    select(el).call(z.translateBy, 0, 0);
  }, [viewport, width, height]);

  const zoomBy = useCallback(
    (factor: number) => {
      const el = viewport.current;
      const z = behavior.current;
      if (el && z) select(el).call(z.scaleBy, factor);
    },
    [viewport],
  );
  const reset = useCallback(() => {
    const el = viewport.current;
    const z = behavior.current;
    if (el && z) select(el).call(z.transform, zoomIdentity);
  }, [viewport]);

  return { transform: current, k, zoomBy, reset };
}
