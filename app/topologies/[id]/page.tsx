import { TopologyWorkspace, type WorkspaceTab } from "@/components/topology-editor/topology-workspace";

export const dynamic = "force-dynamic";

const TABS = new Set<WorkspaceTab>(["design", "placement", "simulation", "console"]);

export default async function TopologyPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string }> }) {
  const { id } = await params;
  const { tab } = await searchParams;
  const initialTab = tab && TABS.has(tab as WorkspaceTab) ? (tab as WorkspaceTab) : "design";
  // key: navigating between topologies must reset the editor state, never carry text across documents.
  return <TopologyWorkspace key={id} id={id} initialTab={initialTab} />;
}
