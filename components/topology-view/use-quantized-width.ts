"use client";
import { type RefObject, useEffect, useState } from "react";

/**
 * The element's width, rounded down to `step` px: the layout wraps region groups to this width, and rounding
 * keeps a window drag from re-laying out the drawing on every pixel.
 */
export function useQuantizedWidth(ref: RefObject<HTMLElement | null>, step: number): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setWidth(Math.max(step, Math.floor(el.clientWidth / step) * step));
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, step]);
  return width;
}
