/**
 * The one wrapper of every route handler: it awaits the route params, runs the handler, and maps every
 * error to `{ error: { code, message, issues: [{ path, message, line?, column? }] } }`.
 */
import { AppError } from "./errors";

export type RouteContext<P> = { params: Promise<P> };

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}

export function errorResponse(e: unknown): Response {
  if (e instanceof AppError) {
    return json({ error: { code: e.code, message: e.message, issues: e.issues, ...e.details } }, e.status);
  }
  // Not an expected failure: a bug. Log it server-side; do not leak internals to the client.
  console.error("[topoplan] unhandled error in route handler", e);
  return json({ error: { code: "internal", message: "internal error", issues: [] } }, 500);
}

export function route<P = Record<string, never>>(handler: (req: Request, params: P) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      return await handler(req, await ctx.params);
    } catch (e) {
      return errorResponse(e);
    }
  };
}
