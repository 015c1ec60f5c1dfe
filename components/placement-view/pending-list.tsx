"use client";
/** Pending pods grouped by kube-scheduler's FailedScheduling message; a pod opens its trace. */
import { useState } from "react";
import type { PendingPod } from "@/lib/services/placement-core";
import type { PendingGroup } from "@/lib/services/placement-summary";
import styles from "./placement.module.css";

const SHOWN = 12;

export function PendingList({ groups, pods, onPick }: { groups: PendingGroup[]; pods: PendingPod[]; onPick: (p: PendingPod) => void }) {
  const [open, setOpen] = useState<Record<string, boolean>>({});
  if (groups.length === 0) return <p className={styles.allGood}>Every pod is scheduled.</p>;
  return (
    <ul className={styles.pendingGroups} data-testid="pending-list">
      {groups.map((g) => {
        const members = pods.filter((p) => p.message === g.message);
        const expanded = open[g.message] ?? groups.length === 1;
        return (
          <li key={g.message} className={styles.pendingGroup}>
            <div className={styles.pendingHead}>
              <span className={`num ${styles.pendingCount}`}>{g.count.toLocaleString("en-US")}</span>
              <span className="muted">pod{g.count === 1 ? "" : "s"} of {g.owners.map((o) => o.split("/").slice(-1)[0]).join(", ")}</span>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen({ ...open, [g.message]: !expanded })}>
                {expanded ? "Hide pods" : "Show pods"}
              </button>
            </div>
            <code className={styles.schedMsg} data-testid="pending-message">
              {g.message}
            </code>
            {expanded && (
              <div className={styles.pendingPods}>
                {members.slice(0, SHOWN).map((p) => (
                  <button key={`${p.cluster}/${p.namespace}/${p.name}`} type="button" className={styles.podChip} data-testid="pending-pod" onClick={() => onPick(p)}>
                    {p.name}
                  </button>
                ))}
                {members.length > SHOWN && <span className="muted">and {(g.count - SHOWN).toLocaleString("en-US")} more with the same message</span>}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
