/**
 * Meta's `external_id` for a visitor: SHA-256 hex of the visitor ID, normalized as every hashed
 * field is (`privacy/hash.ts`). The Conversions API gets it (`destinations/meta.ts`), and so does
 * the pixel, through the readable `_tdm_xid` cookie the beacon response sets, so both paths carry
 * the same value.
 */
import { hashIdentifier } from '../privacy/hash.js';

export async function metaExternalId(visitorId: string): Promise<string | undefined> {
  return hashIdentifier(visitorId);
}
