import { cameraSchema } from '@wardwatch/contracts/site-config';
import { z } from 'zod';

/*
 * What one config version stores: the agent's whole camera list, each camera as the agent will
 * run it (defaults filled) but with URLs WITHOUT `user:password@`; the logins sit beside it,
 * sealed (credential-cipher.ts). Only the agent's sync answer and probe tasks put them back.
 */
export const credentialKinds = ['detect', 'record'] as const;
export type CredentialKind = (typeof credentialKinds)[number];

export const storedCamera = z
  .object({
    camera: cameraSchema,
    /** Sealed `user:password` per stream; absent when the stream needs no login. */
    credentials: z.object({ detect: z.string().optional(), record: z.string().optional() }).strict(),
  })
  .strict();
export type StoredCamera = z.infer<typeof storedCamera>;

export const siteDocument = z.object({ cameras: z.array(storedCamera) }).strict();
export type SiteDocument = z.infer<typeof siteDocument>;

export const EMPTY_SITE: SiteDocument = { cameras: [] };

/** A stored document; one that no longer parses is a bug or a tampered row, never the user's fault. */
export function parseSiteDocument(json: string): SiteDocument {
  const result = siteDocument.safeParse(JSON.parse(json));
  if (!result.success) throw new Error(`a stored config version does not parse: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return result.data;
}
