"use client";
import type { Topology } from "@/lib/schemas/topology";
import { PlaceholderTab } from "@/components/topology-editor/placeholder-tab";

/** Props every workspace tab receives: the saved topology and the editor's last valid document (null while invalid). */
export interface WorkspaceTabProps {
  topologyId: string;
  revision: number;
  spec: Topology | null;
}

export function PlacementTab(_props: WorkspaceTabProps) {
  return <PlaceholderTab tab="placement" />;
}
