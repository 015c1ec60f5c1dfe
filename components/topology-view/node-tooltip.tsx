import { formatCount, formatCpu, formatMemory, type Capacity } from "@/lib/viz/capacity";

export interface TooltipContent {
  title: string;
  subtitle?: string;
  count?: number;
  capacity: Capacity;
  capacityLabel: string;
  extra?: string[];
}

export function NodeTooltip({ content, x, y }: { content: TooltipContent; x: number; y: number }) {
  return (
    <div className="viz-tooltip" role="tooltip" style={{ left: x + 14, top: y + 14 }}>
      <div className="viz-tooltip-title mono">{content.title}</div>
      {content.subtitle && <div className="viz-tooltip-sub">{content.subtitle}</div>}
      <table>
        <tbody>
          {content.count !== undefined && (
            <tr>
              <th>nodes</th>
              <td>{content.count.toLocaleString("en-US")}</td>
            </tr>
          )}
          <tr>
            <th>cpu</th>
            <td>{formatCpu(content.capacity.cpuMillis)}</td>
          </tr>
          <tr>
            <th>memory</th>
            <td>{formatMemory(content.capacity.memoryBytes)}</td>
          </tr>
          <tr>
            <th>pods</th>
            <td>{formatCount(content.capacity.pods)}</td>
          </tr>
        </tbody>
      </table>
      <div className="viz-tooltip-foot">{content.capacityLabel}</div>
      {content.extra?.map((e) => (
        <div key={e} className="viz-tooltip-foot mono">
          {e}
        </div>
      ))}
    </div>
  );
}
