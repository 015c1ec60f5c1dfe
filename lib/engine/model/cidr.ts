/**
 * IPv4 CIDR arithmetic for the node IPAM of kube-controller-manager (--allocate-node-cidrs with
 * --cluster-cidr and --node-cidr-mask-size): node i gets the i-th subnet of the cluster CIDR. Pure.
 * IPv6 is not modelled yet (documented in docs/model.md).
 */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  base: number;
  prefix: number;
}

export function parseIpv4Cidr(text: string): Ipv4Cidr | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return null;
  const addr = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  // net.ParseCIDR accepts host bits and masks them; so do we.
  return { base: (addr & mask) >>> 0, prefix };
}

export function formatIpv4(addr: number): string {
  return [24, 16, 8, 0].map((shift) => (addr >>> shift) & 255).join(".");
}

/** How many node subnets of size /maskSize fit in the cluster CIDR. */
export function nodeCidrCapacity(cluster: Ipv4Cidr, maskSize: number): number {
  if (maskSize < cluster.prefix || maskSize > 32) return 0;
  return 2 ** (maskSize - cluster.prefix);
}

/** The index-th node subnet, or null once the range is exhausted (the IPAM's CIDRNotAvailable). */
export function nodeCidrAt(cluster: Ipv4Cidr, maskSize: number, index: number): string | null {
  if (index < 0 || index >= nodeCidrCapacity(cluster, maskSize)) return null;
  const size = 2 ** (32 - maskSize);
  return `${formatIpv4(cluster.base + index * size)}/${maskSize}`;
}
