import { z } from 'zod';

/**
 * A staged outage: answer `status` (with `Retry-After` seconds on 429) `times` times, or until
 * reset. `echoToken`: the error message repeats the credential the request carried, as careless
 * APIs do (`invalid token <token>`), to prove the collector never keeps or shows it.
 */
export const FailSpec = z
  .object({
    status: z.union([z.literal(500), z.literal(429), z.literal(401)]),
    retryAfter: z.number().int().min(0).max(86_400).optional(),
    echoToken: z.boolean().optional(),
    times: z.number().int().positive().optional(),
  })
  .strict();
export type FailSpec = z.infer<typeof FailSpec>;

/** Slow mode: wait `delayMs` before answering, `times` times or until reset. */
export const SlowSpec = z
  .object({
    delayMs: z.number().int().min(0).max(120_000),
    times: z.number().int().positive().optional(),
  })
  .strict();
export type SlowSpec = z.infer<typeof SlowSpec>;

interface Armed<T> {
  spec: T;
  left: number;
}

/** The failure switches of one platform; they apply to its server API only, never to the pixel. */
export class Switches {
  private failure?: Armed<FailSpec>;
  private slowness?: Armed<SlowSpec>;

  fail(spec: FailSpec): void {
    this.failure = { spec, left: spec.times ?? Infinity };
  }

  slow(spec: SlowSpec): void {
    this.slowness = { spec, left: spec.times ?? Infinity };
  }

  reset(): void {
    this.failure = undefined;
    this.slowness = undefined;
  }

  /** What the next API request meets; each armed switch is used up once. */
  take(): { failure?: FailSpec; delayMs?: number } {
    const failure = use(this.failure);
    const slow = use(this.slowness);
    if (this.failure?.left === 0) this.failure = undefined;
    if (this.slowness?.left === 0) this.slowness = undefined;
    return { ...(failure ? { failure } : {}), ...(slow ? { delayMs: slow.delayMs } : {}) };
  }
}

function use<T>(armed: Armed<T> | undefined): T | undefined {
  if (!armed || armed.left <= 0) return undefined;
  armed.left -= 1;
  return armed.spec;
}
