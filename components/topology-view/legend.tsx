import { DEFAULT_LAYOUT } from "@/lib/viz/topology-layout";

/** Explains the marks; zone colours need no legend entry because every column is labelled. */
export function Legend() {
  return (
    <div className="viz-legend" aria-label="Legend">
      <span>
        <svg width="10" height="10" aria-hidden="true">
          <rect width="10" height="10" rx="1.5" fill="#0072B2" />
        </svg>
        node
      </span>
      <span>
        <svg width="22" height="10" aria-hidden="true">
          <rect x="0.5" y="0.5" width="21" height="9" rx="2" fill="#0072B2" fillOpacity="0.22" stroke="#0072B2" />
        </svg>
        more than {DEFAULT_LAYOUT.aggregateThreshold} nodes in a zone, aggregated
      </span>
      <span>
        <svg width="10" height="10" aria-hidden="true">
          <rect x="2" y="2" width="6" height="6" transform="rotate(45 5 5)" className="viz-etcd" />
        </svg>
        etcd member
      </span>
      <span>
        <svg width="14" height="10" aria-hidden="true">
          <rect width="14" height="10" className="viz-gap" />
        </svg>
        zone not used by the cluster
      </span>
      <span className="muted">scroll to zoom · drag to pan · hover for capacity</span>
    </div>
  );
}
