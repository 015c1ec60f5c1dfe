"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Logo } from "./logo";

/** Client only for usePathname: the current section is marked with aria-current, which the CSS styles. */
export function TopBar() {
  const pathname = usePathname() ?? "/";
  const inTopologies = pathname === "/" || pathname.startsWith("/topologies");
  return (
    <header className="topbar">
      <Link href="/" className="wordmark" aria-label="topoplan home">
        <Logo />
        topoplan
      </Link>
      <nav className="topnav" aria-label="Main">
        <Link href="/" aria-current={inTopologies ? "page" : undefined}>
          Topologies
        </Link>
      </nav>
      <div className="topbar-right">
        <span>topoplan.dev/v1alpha1</span>
        <a href="/api/topologies">API</a>
      </div>
    </header>
  );
}
