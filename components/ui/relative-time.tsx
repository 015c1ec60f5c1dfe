"use client";
import { useEffect, useState } from "react";

/** "3 min ago" with the exact UTC timestamp as tooltip; renders the absolute date until mounted to avoid hydration drift. */
export function formatRelative(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return "—";
  const s = Math.round((now - t) / 1000);
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 30) return `${d} d ago`;
  return new Date(t).toISOString().slice(0, 10);
}

export function RelativeTime({ iso }: { iso: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  const exact = Number.isFinite(Date.parse(iso)) ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC" : iso;
  return (
    <time dateTime={iso} title={exact}>
      {now === null ? exact.slice(0, 16) : formatRelative(iso, now)}
    </time>
  );
}
