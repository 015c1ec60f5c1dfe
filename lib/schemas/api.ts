/**
 * Request bodies and query strings of the REST API (docs/api.md). Bodies are loose objects: a client may
 * send back what it read (id, revision, updatedAt) and those fields are ignored.
 */
import { z } from "zod";

export const topologyNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be no more than 200 characters");

const specField = z.unknown().refine((v) => v !== undefined && v !== null, "Required value");

export const createTopologyBodySchema = z.looseObject({
  name: topologyNameSchema,
  spec: specField,
  message: z.string().max(2000).optional(),
});

export const updateTopologyBodySchema = z.looseObject({
  name: topologyNameSchema,
  spec: specField,
  baseRevision: z.number().int().min(1),
  message: z.string().max(2000).optional(),
});

export const revisionNumberSchema = z.coerce.number().int().min(1);

export const diffQuerySchema = z.object({
  from: revisionNumberSchema.optional(),
  to: revisionNumberSchema.optional(),
});

export type CreateTopologyBody = z.infer<typeof createTopologyBodySchema>;
export type UpdateTopologyBody = z.infer<typeof updateTopologyBodySchema>;
