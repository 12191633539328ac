/**
 * The delivery engine: drains the outbox of every destination. Per destination and round it
 * claims due rows with a lease, checks each one (too old, invalid, already delivered by the pixel),
 * batches them up to the platform's limit, sends OUTSIDE any transaction through the injected
 * `fetch`, classifies the answer, and settles every row under its lease. A settle that returns
 * false means the lease was lost; the row is then another worker's and is left alone. The send
 * path, and why rows of AdRoll are marked `sending` first, is in `engine-send.ts`.
 *
 * Pausing: when the platform refuses the token, the destination's settings get a `pausedReason`,
 * its rows are released without counting an attempt, and nothing is sent until the token changes
 * (`saveDestinationSettings` clears the pause).
 *
 * Nothing here names a destination: adding one never touches this file.
 */
import { DESTINATIONS } from '../destinations/registry.js';
import type { AnyDestination } from '../destinations/types.js';
import type { Storage } from '../storage/types.js';
import { trustedBeacon, type Conversion } from './conversion.js';
import { createSender, type Item, type Ready } from './engine-send.js';
import { missingContext, resolveContext } from './late-context.js';
import { createTokenBucket, type TokenBucket } from './rate-limit.js';
import type { TokenBox } from './secrets.js';
import { redactSecrets } from './redact.js';
import { pipeline, requestsToClaim } from './pipeline.js';
import type { Fetch } from './send.js';
import { uncertainReason } from './settlement.js';
import { createWorker, LANES } from './worker.js';

export interface EngineDeps {
  storage: Storage;
  box: TokenBox;
  fetch: Fetch;
  /** Epoch ms. */
  now: () => number;
  random?: () => number;
  registry?: readonly AnyDestination[];
  /** Structured notes for operators; never carries a token. */
  log?: (note: EngineNote) => void;
  /** How long a claim holds; several times `timeoutMs`, so a live worker never loses its rows. */
  leaseMs?: number;
  timeoutMs?: number;
  /** Pause between rounds of `start()` when a destination had nothing to do. */
  idleMs?: number;
  /**
   * Fill a conversion's missing page URL, IP and user agent from its visitor's beacons at send
   * time (default on; `late-context.ts`), read each round. Off only to show what it prevents.
   */
  lateContext?: boolean | (() => boolean);
}

export interface EngineNote {
  destination: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** What one round did for one destination. */
export interface RoundReport {
  claimed: number;
  requests: number;
  delivered: number;
  byPixel: number;
  retried: number;
  dead: number;
  released: number;
  /** Rows held as `uncertain`: sent with no answer, or found interrupted mid-send. */
  uncertain: number;
  lostLease: number;
  paused?: string;
}

export interface DeliveryEngine {
  /** One round for every destination; resolves when its sends are settled. */
  runOnce(): Promise<Record<string, RoundReport>>;
  /** Keeps delivering in the background until `stop()`. */
  start(): void;
  /** Cuts short the idle wait of `start()`'s loops: call it when an order was recorded. */
  wake(): void;
  stop(): Promise<void>;
}

const emptyReport = (): RoundReport => ({
  claimed: 0,
  requests: 0,
  delivered: 0,
  byPixel: 0,
  retried: 0,
  dead: 0,
  released: 0,
  uncertain: 0,
  lostLease: 0,
});

export function createDeliveryEngine(deps: EngineDeps): DeliveryEngine {
  const registry = deps.registry ?? DESTINATIONS;
  const random = deps.random ?? Math.random;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const leaseMs = deps.leaseMs ?? Math.max(4 * timeoutMs, 120_000);
  if (leaseMs <= timeoutMs) throw new Error('the lease must outlast the request timeout');
  const tokens = new Map<string, string>();
  /** Every note is redacted with every token the engine holds, whatever produced its message. */
  /** The tokens and, for composite tokens, each of their parts. */
  const secrets = new Set<string>();
  const log = (note: EngineNote) =>
    deps.log?.({ ...note, message: redactSecrets(note.message, [...secrets]) });
  const buckets = new Map<string, { perMinute: number; burst: number; bucket: TokenBucket }>();
  /** A platform's `Retry-After` holds the whole destination, not only the batch that got it. */
  const coolUntil = new Map<string, number>();
  /** Each destination's concurrency as last read, so a lane without a share does not read settings. */
  const lanes = new Map<string, number>();

  async function prepare(d: AnyDestination, now: number): Promise<Ready | undefined> {
    const settings = await deps.storage.getSettings(d.name);
    if (!settings?.enabled || settings.pausedReason) return undefined;
    if ((coolUntil.get(d.name) ?? 0) > now) return undefined;
    const parsed = d.options.safeParse(settings.options);
    if (!parsed.success) {
      log({ destination: d.name, level: 'error', message: 'options do not validate; nothing sent' });
      return undefined;
    }
    let token = '';
    const ciphertext = settings.tokenCiphertext;
    if (ciphertext) {
      token = tokens.get(ciphertext) ?? (await deps.box.decrypt(ciphertext, d.name));
      tokens.set(ciphertext, token);
      for (const secret of [token, ...(d.tokenParts?.(token) ?? [])]) secrets.add(secret);
    } else if (d.needsToken) return undefined;
    const { perMinute, concurrency } = d.limits(parsed.data);
    let entry = buckets.get(d.name);
    if (!entry || entry.perMinute !== perMinute || entry.burst !== concurrency) {
      entry = { perMinute, burst: concurrency, bucket: createTokenBucket(perMinute, concurrency, now) };
      buckets.set(d.name, entry);
    }
    return { d, options: parsed.data, token, ciphertext, bucket: entry.bucket, concurrency };
  }

  async function pause(r: Ready, reason: string) {
    // Re-read: if the marketer changed the token meanwhile, the refusal was for the old one.
    const current = await deps.storage.getSettings(r.d.name);
    if (!current || current.tokenCiphertext !== r.ciphertext || current.pausedReason) return;
    await deps.storage.putSettings({ ...current, pausedReason: reason, updatedAt: deps.now() });
    log({ destination: r.d.name, level: 'error', message: `paused: ${reason}` });
  }

  const { settleAll, send } = createSender({
    storage: deps.storage,
    fetch: deps.fetch,
    now: deps.now,
    random,
    timeoutMs,
    pause,
    coolUntil,
  });

  /**
   * One round for `d`: claims up to `requests x batchLimit` rows and sends up to `slots` requests
   * at once (`pipeline.ts`). Without a lane it uses the whole concurrency (tests, replay). The background
   * worker runs LANES loops per destination and splits the concurrency among them, so one lane's
   * durable writes overlap with another lane's requests.
   */
  async function runDestination(d: AnyDestination, lane?: number): Promise<RoundReport> {
    const report = emptyReport();
    const share = (concurrency: number) =>
      lane === undefined ? concurrency : Math.floor((concurrency + LANES - 1 - lane) / LANES);
    if (share(lanes.get(d.name) ?? LANES) < 1) return report;
    const now = deps.now();
    const r = await prepare(d, now);
    // A destination that cannot send (off, paused, cooling down) is watched by one lane only.
    lanes.set(d.name, r?.concurrency ?? 1);
    if (!r) return report;
    const slots = Math.min(share(r.concurrency), r.bucket.available(now));
    if (slots < 1) return report;
    const requests = requestsToClaim(slots, d.batchLimit, r.bucket, now);
    // Both writes go to the same group commit. A send that was interrupted (its lease ran out while
    // the row was still `sending`) is held for the operator, never sent again by itself.
    const [held, lease] = await Promise.all([
      d.resendSafe
        ? 0
        : deps.storage.holdInterrupted(d.name, now, uncertainReason(d.title, 'interrupted mid-send')),
      deps.storage.claimDue(d.name, now, leaseMs, requests * d.batchLimit),
    ]);
    if (held > 0) {
      report.uncertain += held;
      log({ destination: d.name, level: 'warn', message: `${held} interrupted sends held as uncertain` });
    }
    report.claimed = lease.rows.length;
    const late = typeof deps.lateContext === 'function' ? deps.lateContext() : deps.lateContext;
    const needs = late === false ? undefined : d.context?.(r.options);
    const wantsBeacon = (c: Conversion) =>
      d.needsBeacon?.(r.options) ||
      (needs !== undefined && missingContext(c, ['pageUrl', 'ip', 'userAgent']).length > 0);
    // Only the order's own visitor's beacon is believed (storage keeps one per event ID and visitor).
    const beacons = await Promise.all(
      lease.rows.map((row) => {
        const c = row.payload as Conversion;
        return wantsBeacon(c) && c.visitorId !== undefined
          ? deps.storage.getEvent(row.eventId, c.visitorId)
          : undefined;
      }),
    );
    const sendable: Item[] = [];
    const early: Array<Promise<unknown>> = [];
    const contexts = await Promise.all(
      lease.rows.map((row, i) => {
        const c = row.payload as Conversion;
        if (!needs) return { kind: 'ready' as const, c };
        const purchase = trustedBeacon(beacons[i], c.visitorId);
        const latest = () => latestOf(c);
        return resolveContext(c, needs, d.title, { purchase, latest, shopOrigin }, now);
      }),
    );
    lease.rows.forEach((row, i) => {
      const context = contexts[i]!;
      if (context.kind !== 'ready') {
        const s =
          context.kind === 'wait'
            ? { status: 'release' as const, nextAttemptAt: context.until, reason: context.reason }
            : { status: 'skipped' as const, reason: context.reason };
        early.push(settleAll(lease, [{ row, c: row.payload as Conversion }], () => s, report));
        return;
      }
      const c = context.c;
      const item = [{ row, c }];
      if (d.retry.deadlineMs !== undefined && now - c.time >= d.retry.deadlineMs) {
        const reason = `past the ${Math.round(d.retry.deadlineMs / 3_600_000)} h delivery deadline`;
        early.push(settleAll(lease, item, () => ({ status: 'dead', reason }), report));
        return;
      }
      // a beacon stands for the order's pixel only when it came from the order's own visitor
      const beacon = trustedBeacon(beacons[i], c.visitorId);
      const seen = beacon?.pixels && {
        pixels: beacon.pixels,
        ...(beacon.sentAs && { sentAs: beacon.sentAs }),
      };
      const check = d.check?.(c, r.options, { now, ...seen }) ?? { kind: 'send' };
      if (check.kind === 'delivered-by-pixel') {
        early.push(settleAll(lease, item, () => ({ status: 'delivered', via: 'pixel' }), report));
      } else if (check.kind === 'permanent') {
        const reason = check.reason;
        early.push(settleAll(lease, item, () => ({ status: 'dead', reason }), report));
      } else sendable.push({ row, c });
    });
    await Promise.all(early);
    const batches: Item[][] = [];
    for (let i = 0; i < sendable.length; i += d.batchLimit) batches.push(sendable.slice(i, i + d.batchLimit));
    // Once the engine stops, the batches not sent yet go back at once instead of waiting for it.
    await pipeline(batches, slots, async (batch) => {
      if (!stopping && r.bucket.take(deps.now())) return send(r, lease, batch, report);
      const at = stopping ? deps.now() : r.bucket.nextAt(deps.now());
      return { settled: settleAll(lease, batch, () => ({ status: 'release', nextAttemptAt: at }), report) };
    });
    return report;
  }

  /** The visitor's newest beacon (`latest` in `late-context.ts`) and the shop's origin from the newest one. */
  function latestOf(c: Conversion) {
    return c.visitorId === undefined ? Promise.resolve(undefined) : deps.storage.latestEventOf(c.visitorId);
  }
  async function shopOrigin() {
    const [newest] = await deps.storage.listEvents(1);
    try {
      return newest ? new URL(newest.url).origin : undefined;
    } catch {
      return undefined;
    }
  }

  async function runOnce() {
    const reports = await Promise.all(registry.map((d) => runDestination(d)));
    return Object.fromEntries(registry.map((d, i) => [d.name, reports[i] as RoundReport]));
  }

  const worker = createWorker(registry, runDestination, deps.idleMs ?? 1_000, log);
  let stopping = false;
  const stop = async () => {
    stopping = true;
    try {
      await worker.stop();
    } finally {
      stopping = false;
    }
  };
  return { runOnce, start: worker.start, wake: worker.wake, stop };
}
