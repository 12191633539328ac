/**
 * The collector's abuse limits, as the `limits` object of its config. These defaults are the
 * documented ones (SECURITY.md links here): change them in the config file, not in the docs.
 */
import { z } from 'zod';

const ms = (max: number) => z.number().int().min(100).max(max);

export const Limits = z
  .object({
    /**
     * Beacon events per second from one client address (IPv6: one /64), refilled continuously. A
     * beacon costs one per event it carries, so this bounds the rows one client writes per second.
     */
    clientEventsPerSecond: z.number().min(0.1).max(100_000).default(50),
    /** Events one client address may send at once before `clientEventsPerSecond` applies. */
    clientEventBurst: z.number().int().min(1).max(100_000).default(200),
    /** Events one visitor (visitor cookie) may send per minute; anonymous beacons count per address only. */
    visitorEventsPerMinute: z.number().int().min(1).max(100_000).default(600),
    /** Answer beacons from bots (by User-Agent, with the `isbot` list) 204 without storing them. */
    dropBots: z.boolean().default(true),
    /** Database size in MiB past which beacons are refused (orders are still taken); 0: no budget. */
    storageBudgetMiB: z.number().int().min(0).max(16_777_216).default(10_240),
    /** Milliseconds a durable write may take before the request answers 503 instead of waiting. */
    writeTimeoutMs: ms(600_000).default(5_000),
    /** Milliseconds a client has to send the request headers (Node server). */
    headersTimeoutMs: ms(600_000).default(10_000),
    /** Milliseconds a client has to send the whole request, body included (Node server). */
    requestTimeoutMs: ms(600_000).default(30_000),
    /** Milliseconds an idle keep-alive connection stays open (Node server). */
    keepAliveTimeoutMs: ms(600_000).default(5_000),
    /** Open connections one client address may hold (Node server); more are closed at once. */
    connectionsPerClient: z.number().int().min(1).max(100_000).default(64),
  })
  .strict()
  .refine((l) => l.headersTimeoutMs <= l.requestTimeoutMs, {
    message: 'headersTimeoutMs must not exceed requestTimeoutMs',
    path: ['headersTimeoutMs'],
  });
export type Limits = z.output<typeof Limits>;

export const LIMITS_FIX =
  'Use {"clientEventsPerSecond": 50, ...} with the names and ranges in packages/collector/src/limits.ts.';
