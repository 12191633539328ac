import { EXTERNAL_ID_COOKIE } from '@tandem/protocol/cookies';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fullConfig, loadTag } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** What the collector's beacon response sets: SHA-256 of its visitor ID (packages/collector/src/identity/external-id.ts). */
const DIGEST = '618431ee8242049eb26e5043adf4a9a4cdff2a231c44669495585f5b71c496fe';
/** `identify`'s email digest (its value is checked in identify.test.ts). */
const EM = expect.stringMatching(/^[0-9a-f]{64}$/);
const inits = () => (window.fbq!.queue as unknown[][]).filter((call) => call[0] === 'init');

/** A page of a visit the collector already answered: its readable cookie is there on load. */
async function returningVisit() {
  await loadTag();
  document.cookie = `${EXTERNAL_ID_COOKIE}=${DIGEST}; path=/`;
  return loadTag({ config: fullConfig, keep: true });
}

describe("Meta's external_id", () => {
  it("is the collector's cookie, at the first init and again with identify's fields", async () => {
    const page = await returningVisit();
    expect(inits()).toEqual([['init', '1234567890', { external_id: DIGEST }]]);
    page.tandem('identify', { email: 'a@b.c' });
    await page.settle();
    await vi.waitFor(() => expect(inits()).toHaveLength(2));
    expect(inits()[1]).toEqual(['init', '1234567890', { em: EM, external_id: DIGEST }]);
  });

  it('joins the init after identify when the cookie came after the first init (a first visit)', async () => {
    const page = await loadTag({ config: fullConfig });
    expect(inits()).toEqual([['init', '1234567890']]);
    document.cookie = `${EXTERNAL_ID_COOKIE}=${DIGEST}; path=/`;
    page.tandem('identify', { email: {} });
    await page.settle();
    await vi.waitFor(() => expect(inits()).toHaveLength(2));
    expect(inits()[1]).toEqual(['init', '1234567890', { external_id: DIGEST }]);
  });

  it('is never sent without ad consent: no pixel at all', async () => {
    await loadTag();
    document.cookie = `${EXTERNAL_ID_COOKIE}=${DIGEST}; path=/`;
    await loadTag({ config: fullConfig, keep: true, gpc: true });
    expect(window.fbq).toBeUndefined();
  });
});
