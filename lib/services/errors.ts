/**
 * The expected failures of the application, as typed errors the HTTP wrapper maps to one JSON shape.
 * Anything else that is thrown is a bug and becomes a 500.
 */
import type { Issue } from "../schemas/issues";

export type ErrorCode =
  | "bad_request"
  | "invalid_syntax"
  | "validation_failed"
  | "not_found"
  | "conflict"
  | "stale_revision"
  | "name_taken"
  | "payload_too_large"
  | "unsupported_media_type"
  | "internal";

export const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_syntax: 400,
  validation_failed: 422,
  not_found: 404,
  conflict: 409,
  stale_revision: 409,
  name_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: Issue[] = [],
    /** Extra fields of the error object, e.g. latestRevision on a stale save. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
