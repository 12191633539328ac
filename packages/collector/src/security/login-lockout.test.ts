/**
 * Failed logins from many addresses cannot lock the admin out, and rotating what the client writes
 * into X-Forwarded-For does not make a guesser a new client. Against `tandem serve` behind a
 * (simulated) trusted proxy: `trustProxy` on, the proxy's address last in X-Forwarded-For.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECRET, login, prepareDb, serveCli, type Served } from '../node/served-cli.test-helpers.js';

let served: Served;
beforeAll(async () => {
  served = await serveCli(await prepareDb(), { trustProxy: true });
}, 30_000);
afterAll(async () => {
  expect(await served?.stop()).toBe(0);
  if (served) rmSync(served.dir, { recursive: true, force: true });
});

const from = (address: string) => ({ 'x-forwarded-for': address });

describe('admin login under attack', () => {
  it('lets the correct secret in from a new address after 30 failures from 10 others', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await login(served.admin, 'a wrong guess at it', from(`198.51.100.${i % 10}`))).status);
    // Every address's first three guesses are checked and fail; then the wall stands for them.
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses).toContain(429);

    const admin = await login(served.admin, ADMIN_SECRET, from('203.0.113.50'));
    expect(admin.status).toBe(303);
    expect(admin.session).toMatch(/^tdm_admin=/);
    const page = await fetch(served.admin, { headers: { cookie: admin.session! } });
    expect(page.status).toBe(200);
    await page.body?.cancel();
  }, 60_000);

  it('counts a client by the address the proxy appended, whatever it wrote before it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await login(served.admin, 'another wrong guess', from(`10.9.8.${i}, 192.0.2.77`))).status,
      );
    // Had the rotated entries counted, every guess would be checked (401): the fourth on waits.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toContain(429);
  }, 30_000);
});
