import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TopBar } from "@/components/shell/top-bar";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "topoplan", template: "%s · topoplan" },
  description: "Plan highly available Kubernetes topologies: regions, zones, clusters, node pools and workloads.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TopBar />
        {children}
      </body>
    </html>
  );
}
