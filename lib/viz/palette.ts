/**
 * Zone colours: the Okabe-Ito palette, chosen because it stays distinguishable under the common colour-vision
 * deficiencies. Ordered so that the first three (the usual a/b/c zones of one region) are the most distinct;
 * Okabe-Ito's yellow is replaced by Paul Tol's indigo because yellow squares vanish on a white background. Beyond eight zones colours repeat; zone labels always disambiguate.
 */
export const ZONE_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F", "#332288"] as const;

export function zoneColor(index: number): string {
  const n = ZONE_COLORS.length;
  return ZONE_COLORS[((index % n) + n) % n]!;
}
