/**
 * Deployment colours for the placement view. Zones already own the Okabe-Ito palette (lib/viz/palette.ts) and
 * appear as column stripes next to the pods, so Deployments take a different categorical set (Tableau 10,
 * reordered so neighbouring rows differ in hue and lightness). Beyond ten Deployments colours repeat; the
 * table's swatches and the hover label disambiguate.
 */
export const DEPLOYMENT_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"] as const;
/** Pods without a Deployment (bare pods, standalone ReplicaSets). */
export const OTHER_POD_COLOR = "#5f6b77";

export function deploymentColor(index: number): string {
  if (index < 0) return OTHER_POD_COLOR;
  return DEPLOYMENT_COLORS[index % DEPLOYMENT_COLORS.length]!;
}
