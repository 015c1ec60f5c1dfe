/**
 * Reads a request body under a size limit and parses it as JSON or YAML, keeping positions for issues.
 * The limit is enforced twice: on Content-Length (refuse before reading) and on the bytes actually read
 * (a chunked or lying client cannot get past it).
 */
import { parseSource, type ParsedSource, type SourceFormat } from "../yaml/parse";
import { AppError } from "./errors";

/** 2 MiB: a topology with thousands of workloads is well under 1 MiB. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

function tooLarge(): AppError {
  return new AppError("payload_too_large", `request body exceeds the limit of ${MAX_BODY_BYTES} bytes (2 MiB)`);
}

/**
 * Past the limit the rest of the body is still read and discarded (up to MAX_DRAIN_BYTES): a server that
 * answers 413 and closes while the client is still sending makes most clients (curl excepted) report a
 * broken pipe instead of the 413.
 */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, already: number): Promise<void> {
  let total = already;
  while (total <= MAX_DRAIN_BYTES) {
    const { done, value } = await reader.read();
    if (done) return;
    total += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
}

export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = req.headers.get("content-length");
  const reader = req.body?.getReader();
  if (declared !== null && Number(declared) > limit) {
    if (reader) await drain(reader, 0);
    throw tooLarge();
  }
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await drain(reader, total);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid_syntax", "request body is not valid UTF-8");
  }
}

/** application/json -> JSON; application/yaml, text/yaml, application/x-yaml -> YAML; anything else is sniffed. */
export function bodyFormat(contentType: string | null, text: string): SourceFormat {
  const ct = (contentType ?? "").toLowerCase();
  if (ct.includes("yaml")) return "yaml";
  if (ct.includes("json")) return "json";
  return /^\s*[[{]/.test(text) ? "json" : "yaml";
}

/** The parsed body with its positions; a syntax error is a 400 whose issues carry line and column. */
export async function readSource(req: Request): Promise<ParsedSource> {
  const text = await readBodyText(req);
  if (text.trim() === "") throw new AppError("bad_request", "request body is empty", [{ path: "", message: "Required value" }]);
  const format = bodyFormat(req.headers.get("content-type"), text);
  const parsed = parseSource(text, format);
  if (!parsed.ok) throw new AppError("invalid_syntax", `malformed ${format === "json" ? "JSON" : "YAML"}`, parsed.issues);
  return parsed.source;
}
