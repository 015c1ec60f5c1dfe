/** Three zone squares under one cluster bar: the drawing's own vocabulary, in the product's mark. */
export function Logo({ size = 18 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 18 18" aria-hidden="true">
      <rect x="1" y="1" width="16" height="5" rx="1.5" fill="#e8ebef" />
      <rect x="1" y="9" width="4" height="8" rx="1" fill="#56B4E9" />
      <rect x="7" y="9" width="4" height="8" rx="1" fill="#E69F00" />
      <rect x="13" y="9" width="4" height="8" rx="1" fill="#009E73" />
    </svg>
  );
}
