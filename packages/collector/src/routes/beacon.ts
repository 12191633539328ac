/** Receives the tag's beacons and acknowledges them only after a durable write. */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { BeaconBatch, COOKIES } from '@tandem/protocol';
import { apiError } from '../errors.js';
import type { Storage } from '../storage/types.js';

const VISITOR_ID = /^[\w-]{8,64}$/;

export function beaconRoute(storage: Storage, now: () => number) {
  return new Hono().post('/e', async (c) => {
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      return apiError(c, 400, 'invalid_json', 'The beacon body is not JSON.', {
        fix: 'Send the batch as a JSON text body.',
      });
    }
    const parsed = BeaconBatch.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return apiError(c, 400, 'invalid_beacon', issue.message, { where: issue.path.join('.') });
    }
    const batch = parsed.data;
    const receivedAt = now();
    // The HttpOnly server copy outlives the script cookie (Safari caps those at 7 days).
    const serverVid = getCookie(c, COOKIES.vidServer);
    const visitorId =
      serverVid && VISITOR_ID.test(serverVid) ? serverVid : (batch.vid ?? crypto.randomUUID());
    await storage.recordBeacon(
      {
        id: visitorId,
        seenAt: receivedAt,
        consent: batch.consent,
        ...(batch.ids && { ids: batch.ids }),
        ...(batch.search && { search: batch.search }),
        ...(batch.user && { user: batch.user }),
      },
      batch.events.map((e) => ({
        id: e.id,
        name: e.name,
        visitorId,
        receivedAt,
        url: e.url,
        props: e.props,
        pixels: e.pixels,
        consent: batch.consent,
        ids: batch.ids,
      })),
    );
    return c.body(null, 204);
  });
}
