/**
 * Browser-side client of the REST API. Every failure becomes an ApiError carrying the API's one error shape
 * ({ error: { code, message, issues } }) so components can branch on `status` (409, 422, ...) instead of parsing.
 */
export interface ApiIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

export interface TopologyListItem {
  id: string;
  name: string;
  revision: number;
  updatedAt: string;
  createdAt?: string;
  description?: string;
  /** Summary counts, spread on the item by the API. */
  regions?: number;
  zones?: number;
  clusters?: number;
  nodes?: number;
  workloads?: number;
}

export interface TopologyDetail {
  id: string;
  name: string;
  revision: number;
  spec: unknown;
  yaml?: string;
  updatedAt?: string;
}

export interface RevisionItem {
  revision: number;
  message?: string | null;
  createdAt: string;
  name?: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ApiIssue[];
  warnings: ApiIssue[];
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store", ...init });
  } catch (e) {
    if (init?.signal?.aborted) throw e;
    throw new ApiError(0, "network", "The server could not be reached. Check that topoplan is running.");
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch (_e) {
    body = undefined;
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? String(res.status), err?.message ?? `${res.status} ${res.statusText}`, err?.issues ?? []);
  }
  return body as T;
}

const json = (body: unknown): RequestInit => ({ headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

export const api = {
  list: () => request<{ items: TopologyListItem[] }>("/api/topologies"),
  get: (id: string) => request<TopologyDetail>(`/api/topologies/${encodeURIComponent(id)}`),
  createJson: (name: string, spec: unknown) => request<TopologyDetail>("/api/topologies", { method: "POST", ...json({ name, spec }) }),
  createYaml: (yaml: string) =>
    request<TopologyDetail>("/api/topologies", { method: "POST", headers: { "Content-Type": "application/yaml" }, body: yaml }),
  update: (id: string, body: { name: string; spec: unknown; baseRevision: number; message?: string }) =>
    request<TopologyDetail>(`/api/topologies/${encodeURIComponent(id)}`, { method: "PUT", ...json(body) }),
  remove: (id: string) => request<unknown>(`/api/topologies/${encodeURIComponent(id)}`, { method: "DELETE" }),
  revisions: (id: string) => request<{ items: RevisionItem[] }>(`/api/topologies/${encodeURIComponent(id)}/revisions`),
  revision: (id: string, n: number) => request<TopologyDetail>(`/api/topologies/${encodeURIComponent(id)}/revisions/${n}`),
  diff: (id: string, from: number, to: number) => request<unknown>(`/api/topologies/${encodeURIComponent(id)}/diff?from=${from}&to=${to}`),
  validate: (yaml: string, signal?: AbortSignal) =>
    request<ValidationResult>("/api/validate", { method: "POST", headers: { "Content-Type": "application/yaml" }, body: yaml, signal }),
};
