import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shopEventId } from '@tandem/protocol/event-id';
import { defaultMap, fullConfig, loadTag } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const withTiktok = {
  ...fullConfig,
  tiktok: { pixel: 'C4ABCDEFGHIJKLMNOPQR', src: 'https://analytics.tiktok.com/i18n/pixel/events.js' },
};
/** A shop that maps a lead on all three, a sign-up on Meta only, and leaves the rest unmapped. */
const map = {
  ...defaultMap,
  lead: { adroll: 'formFill', meta: 'Lead', tiktok: 'SubmitForm' },
  sign_up: { meta: 'CompleteRegistration' },
};

/** What each pixel was given after the page view: [event name, Tandem's event ID]. */
function pixelCalls() {
  const adroll = (window.adroll as unknown as [string, IArguments][])
    .map(([, args]) => Array.from(args) as [string, { event_id: string }])
    .map(([name, attributes]) => [name, attributes.event_id]);
  const meta = (window.fbq!.queue as unknown[][])
    .filter((call) => call[0] === 'track')
    .map((call) => [call[1], (call[3] as { eventID: string }).eventID]);
  const tiktok = (Array.from(window.ttq ?? []) as unknown[][])
    .filter((call) => call[0] === 'track')
    .map((call) => [call[1], (call[3] as { event_id: string }).event_id]);
  return { adroll: adroll.slice(1), meta: meta.slice(1), tiktok };
}

describe("shop events reach each pixel under its destination's mapping", () => {
  it('gives each pixel the mapped name, skips a pixel whose destination does not map it, and says so in the beacon', async () => {
    const page = await loadTag({ config: { ...withTiktok, map } });
    page.tandem('track', 'lead', { id: 'L-1' });
    page.tandem('track', 'sign_up', { id: 'U-1' });
    page.tandem('track', 'refund', { id: 'R-1' });
    await page.settle();
    const lead = shopEventId('lead', 'L-1');
    const signUp = shopEventId('sign_up', 'U-1');
    expect(pixelCalls()).toEqual({
      adroll: [['formFill', lead]],
      meta: [
        ['Lead', lead],
        ['CompleteRegistration', signUp],
      ],
      tiktok: [['SubmitForm', lead]],
    });
    page.loadPixels();
    await page.settle();
    expect(page.events().map((e) => [e.name, e.sentAs])).toEqual([
      ['pageView', undefined],
      ['lead', { adroll: 'formFill', meta: 'Lead', tiktok: 'SubmitForm' }],
      ['sign_up', { meta: 'CompleteRegistration' }],
      ['refund', {}],
    ]);
  });

  it('keeps the own names of other events, even one with an id or named like an object property', async () => {
    const page = await loadTag({ config: { ...withTiktok, map } });
    page.tandem('track', 'addToCart', { id: 'sku-1' });
    page.tandem('track', 'toString', { id: 'x-1' });
    await page.settle();
    const addToCart = shopEventId('addToCart', 'sku-1');
    const toString = shopEventId('toString', 'x-1');
    expect(pixelCalls()).toEqual({
      adroll: [
        ['addToCart', addToCart],
        ['toString', toString],
      ],
      meta: [
        ['AddToCart', addToCart],
        ['ToString', toString],
      ],
      tiktok: [
        ['AddToCart', addToCart],
        ['ToString', toString],
      ],
    });
    page.loadPixels();
    await page.settle();
    expect(page.events().map((e) => e.sentAs)).toEqual([undefined, undefined, undefined]);
  });

  it('gives the pixels a purchase under the default mappings', async () => {
    const page = await loadTag({ config: withTiktok });
    page.tandem('track', 'purchase', { order_id: 'A-1' });
    page.tandem('track', 'lead', { id: 'L-1' });
    await page.settle();
    const names = Object.values(pixelCalls()).map((calls) => calls.map(([name]) => name));
    expect(names).toEqual([['purchase'], ['Purchase'], ['CompletePayment']]);
  });
});
