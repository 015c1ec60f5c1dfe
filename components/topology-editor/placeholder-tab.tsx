/** Placement and Simulation are built in later tasks; the tabs exist now so their URLs and layout are stable. */
export function PlaceholderTab({ tab }: { tab: "placement" | "simulation" | "console" }) {
  const text =
    tab === "placement"
      ? "Where kube-scheduler would place every pod of every workload, node by node, with the reasons for pods that stay Pending."
      : "Zone and region outages over virtual time: node lifecycle, evictions, rescheduling and traffic failover.";
  return (
    <div className="ws-placeholder">
      <div className="card empty">
        <h2>{tab === "placement" ? "Placement" : tab === "simulation" ? "Simulation" : "Console"}</h2>
        <p>{text}</p>
        <p className="muted">Not available yet in this build.</p>
      </div>
    </div>
  );
}
