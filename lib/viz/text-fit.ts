/**
 * Fits a label into a width without measuring the DOM (layout stays pure and identical on server and client).
 * Average advance widths per em, measured for DejaVu Sans / Liberation (the fonts the CI browser has) on
 * typical labels (lowercase, digits, separators); bold is wider. Slightly pessimistic so text never overflows.
 */
const EM = { sans: 0.55, sansBold: 0.62, mono: 0.61 } as const;

export function approxTextWidth(text: string, fontSizePx: number, mono = false, bold = false): number {
  const em = mono ? EM.mono : bold ? EM.sansBold : EM.sans;
  return text.length * fontSizePx * em;
}

export function fitText(text: string, widthPx: number, fontSizePx: number, mono = false, bold = false): string {
  if (approxTextWidth(text, fontSizePx, mono, bold) <= widthPx) return text;
  const perChar = approxTextWidth("x", fontSizePx, mono, bold);
  const keep = Math.floor(widthPx / perChar) - 1;
  if (keep <= 0) return "";
  return `${text.slice(0, keep)}…`;
}
