/** Run requests may have no body (a sweep of the latest revision): empty means `{}`. */
import { readBodyText, bodyFormat } from "./body";
import { AppError } from "./errors";
import { parseSource, type ParsedSource } from "../yaml/parse";

export async function readOptionalSource(req: Request): Promise<ParsedSource | null> {
  const text = await readBodyText(req);
  if (text.trim() === "") return null;
  const format = bodyFormat(req.headers.get("content-type"), text);
  const parsed = parseSource(text, format);
  if (!parsed.ok) throw new AppError("invalid_syntax", `malformed ${format === "json" ? "JSON" : "YAML"}`, parsed.issues);
  return parsed.source;
}
