import { TopologyList } from "@/components/topology-list/topology-list";

export const dynamic = "force-dynamic";

export default function HomePage() {
  return <TopologyList />;
}
