/**
 * The storage contract for each row's attempt history: recorded with the settlement, numbered,
 * bounded, cut by the IP policy and purged by retention. Run by `storageContract` with the others.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPT_BODY_CHARS,
  MAX_ATTEMPT_RESPONSE_CHARS,
  MAX_ATTEMPTS_PER_ROW,
  type AttemptRecord,
} from './attempts.js';
import { order, pending, runner, T0 } from './contract-fixtures.js';
import type { AttemptStore, OrderStore, OutboxStore, StoreLifecycle } from './types.js';

type Store = OrderStore & OutboxStore & AttemptStore & StoreLifecycle;

const sent = (overrides: Partial<AttemptRecord> = {}): AttemptRecord => ({
  at: T0 + 10,
  url: 'https://graph.test/v1/events',
  body: '{"data":[{"event_id":"o_1001"}]}',
  batchSize: 1,
  status: 500,
  response: '{"error":"try later"}',
  ...overrides,
});

export function attemptsContract(name: string, open: () => Promise<Store>): void {
  const withStore = runner(open);

  describe(`storage contract, attempts: ${name}`, () => {
    it(
      'records each settled send with its row, numbered, newest first, even when the lease was lost',
      withStore(async (s) => {
        const { outbox } = await s.recordOrder(order(), [pending('meta'), pending('adroll')]);
        const [meta, adroll] = outbox;
        const first = await s.claimDue('meta', T0, 1000, 10);
        const retry = { status: 'retry' as const, nextAttemptAt: T0 + 100, reason: 'HTTP 500' };
        expect(await s.settle(meta!.id, first.token, retry, T0 + 10, sent())).toBe(true);
        const second = await s.claimDue('meta', T0 + 100, 1000, 10);
        const ok = sent({ at: T0 + 110, status: 200, response: '{"events_received":1}' });
        expect(
          await s.settle(meta!.id, second.token, { status: 'delivered', via: 'server' }, T0 + 110, ok),
        ).toBe(true);
        // A lost lease settles nothing, but the request it made is history all the same.
        const late = sent({ at: T0 + 120, error: 'network: timed out after 30000 ms', response: '' });
        delete late.status;
        expect(await s.settle(meta!.id, first.token, retry, T0 + 120, late)).toBe(false);
        const row = { rowId: meta!.id, destination: 'meta', eventId: 'o_1001' };
        expect(await s.listAttempts(meta!.id)).toEqual([
          { ...late, ...row, n: 3 },
          { ...ok, ...row, n: 2 },
          { ...sent(), ...row, n: 1 },
        ]);
        expect(await s.listAttempts(adroll!.id)).toEqual([]);
        // A settlement without a request (a release) records nothing.
        const third = await s.claimDue('adroll', T0, 1000, 10);
        await s.settle(adroll!.id, third.token, { status: 'release', nextAttemptAt: T0 }, T0);
        expect(await s.listAttempts(adroll!.id)).toEqual([]);
      }),
    );

    it(
      'numbers each row on its own when many rows settle at once',
      withStore(async (s) => {
        const orders = await Promise.all(
          [1, 2, 3].map((n) =>
            s.recordOrder(order({ orderId: `100${n}`, eventId: `o_100${n}` }), [
              pending('meta', `o_100${n}`),
            ]),
          ),
        );
        const ids = orders.map((o) => o.outbox[0]!.id);
        await s.recordAttempts([{ ...sent(), rowId: ids[1]! }]);
        const lease = await s.claimDue('meta', T0, 1000, 10);
        const ok = { status: 'delivered' as const, via: 'server' as const };
        const applied = await Promise.all(
          lease.rows.map((r) => s.settle(r.id, lease.token, ok, T0 + 5, sent({ status: 200, batchSize: 3 }))),
        );
        expect(applied).toEqual([true, true, true]);
        const numbers = await Promise.all(ids.map(async (id) => (await s.listAttempts(id)).map((a) => a.n)));
        expect(numbers).toEqual([[1], [2, 1], [1]]);
      }),
    );

    it(
      'records attempts without a settlement, and drops those of unknown rows',
      withStore(async (s) => {
        const { outbox } = await s.recordOrder(order(), [pending('meta')]);
        const id = outbox[0]!.id;
        await s.recordAttempts([
          { ...sent({ batchSize: 2 }), rowId: id },
          { ...sent(), rowId: id + 1000 },
        ]);
        expect((await s.listAttempts(id)).map((a) => [a.n, a.batchSize, a.status])).toEqual([[1, 2, 500]]);
        expect(await s.listAttempts(id + 1000)).toEqual([]);
      }),
    );

    it(
      `cuts long bodies and answers, and keeps the newest ${MAX_ATTEMPTS_PER_ROW} attempts of a row`,
      withStore(async (s) => {
        const { outbox } = await s.recordOrder(order(), [pending('meta')]);
        const id = outbox[0]!.id;
        const long = sent({
          body: 'b'.repeat(MAX_ATTEMPT_BODY_CHARS * 2),
          response: 'r'.repeat(MAX_ATTEMPT_RESPONSE_CHARS * 2),
        });
        await s.recordAttempts([{ ...long, rowId: id }]);
        const [stored] = await s.listAttempts(id);
        expect([stored?.body.length, stored?.response.length]).toEqual([
          MAX_ATTEMPT_BODY_CHARS,
          MAX_ATTEMPT_RESPONSE_CHARS,
        ]);
        expect(stored?.body.endsWith('b…')).toBe(true);
        for (let i = 0; i < MAX_ATTEMPTS_PER_ROW + 4; i++)
          await s.recordAttempts([{ ...sent({ at: T0 + i }), rowId: id }]);
        const kept = await s.listAttempts(id);
        expect(kept.length).toBe(MAX_ATTEMPTS_PER_ROW);
        expect([kept[0]?.n, kept.at(-1)?.n]).toEqual([MAX_ATTEMPTS_PER_ROW + 5, 6]);
      }),
    );

    it(
      "cuts the full client IP out of a row's attempts once its event is settled everywhere",
      withStore(async (s) => {
        const payload = { eventId: 'o_1001', ip: '203.0.113.7' };
        const rows = ['meta', 'adroll'].map((d) => ({ ...pending(d), payload }));
        const { outbox } = await s.recordOrder(order(), rows);
        const body = '{"user_data":{"client_ip_address":"203.0.113.7"}}';
        const echo = 'invalid ip "203.0.113.7"';
        for (const row of outbox) {
          const lease = await s.claimDue(row.destination, T0, 1000, 10);
          const settlement = { status: 'delivered' as const, via: 'server' as const };
          await s.settle(row.id, lease.token, settlement, T0 + 5, sent({ body, response: echo }));
          // While the other row may still be sent, the full IP stays where it is needed.
          if (row === outbox[0]) expect((await s.listAttempts(row.id))[0]?.body).toBe(body);
        }
        for (const row of outbox) {
          const [a] = await s.listAttempts(row.id);
          expect([a?.body, a?.response]).toEqual([
            '{"user_data":{"client_ip_address":"203.0.113.0"}}',
            'invalid ip "203.0.113.0"',
          ]);
        }
      }),
    );

    it(
      'purges attempts made before a time and keeps the rest',
      withStore(async (s) => {
        const { outbox } = await s.recordOrder(order(), [pending('meta')]);
        const id = outbox[0]!.id;
        await s.recordAttempts([
          { ...sent({ at: T0 }), rowId: id },
          { ...sent({ at: T0 + 1000 }), rowId: id },
        ]);
        expect(await s.purgeAttempts(T0 + 1000)).toBe(1);
        expect((await s.listAttempts(id)).map((a) => a.at)).toEqual([T0 + 1000]);
        expect(await s.purgeAttempts(T0 + 1000)).toBe(0);
      }),
    );
  });
}
