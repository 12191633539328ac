/**
 * The engine's background mode for the server: LANES loops per destination, so a slow platform never holds up the others and one destination's requests and
 * durable writes overlap; a loop that found nothing to do sleeps `idleMs`. `stop()` wakes the
 * sleepers and resolves once every round in flight has settled.
 */
import type { AnyDestination } from '../destinations/types.js';

/** Loops per destination: two, so one can write to storage while the other waits on the platform. */
export const LANES = 2;

export function createWorker<R extends { claimed: number }>(
  registry: readonly AnyDestination[],
  round: (d: AnyDestination, lane: number) => Promise<R>,
  idleMs: number,
  log: (note: { destination: string; level: 'error'; message: string }) => void,
) {
  let running = false;
  let loops: Array<Promise<void>> = [];
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  async function loop(d: AnyDestination, lane: number) {
    while (running) {
      try {
        if ((await round(d, lane)).claimed === 0) await sleep(idleMs);
      } catch (error) {
        log({ destination: d.name, level: 'error', message: `round failed: ${(error as Error).message}` });
        await sleep(idleMs);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loops = registry.flatMap((d) => Array.from({ length: LANES }, (_, lane) => loop(d, lane)));
    },
    /** Ends the idle waits now (e.g. an order was just recorded). */
    wake() {
      for (const wake of [...sleepers]) wake();
    },
    async stop() {
      running = false;
      for (const wake of [...sleepers]) wake();
      await Promise.all(loops);
      loops = [];
    },
  };
}
