/** Runs the README's `## Calls` example against the tag, so the documented calls stay true. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { purchaseEventId, shopEventId } from '@tandem/protocol/event-id';
import readme from '../README.md?raw';
import { fullConfig, loadTag } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function callsExample(): string {
  const section = readme.slice(readme.indexOf('## Calls'));
  const block = /```js\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md has no js block under "## Calls"');
  return block[1]!;
}

describe('the README', () => {
  it('shows calls that do what it says', async () => {
    const page = await loadTag({ config: fullConfig });
    page.loadPixels();
    new Function('tandem', callsExample())(page.tandem);
    await page.settle();
    // identify's digests are ready once Meta's init has them
    const inits = () => (window.fbq!.queue as unknown[][]).filter((c) => c[0] === 'init');
    await vi.waitFor(() => expect(inits()).toHaveLength(2), { interval: 1 });
    page.tandem('track', 'afterIdentify');
    await page.settle();

    const ids = Object.fromEntries(page.events().map((e) => [e.name + (e.props?.order_id ?? ''), e.id]));
    expect(ids).toEqual({
      pageView: expect.stringMatching(/^[\w-]{21}$/),
      addToCart: expect.stringMatching(/^[\w-]{21}$/),
      searchClick: expect.stringMatching(/^[\w-]{21}$/),
      purchase1001: purchaseEventId('1001'),
      lead: shopEventId('lead', 'L-77'),
      purchase1002: 'shop-evt-0001',
      afterIdentify: expect.stringMatching(/^[\w-]{21}$/),
    });
    const digests = page.sent.at(-1)!.body.user!;
    expect(Object.keys(digests).sort()).toEqual(['em', 'ph']);
    expect(JSON.stringify(page.sent)).not.toContain('Jane');
    // Meta's init got the same digests
    expect(inits()).toEqual([
      ['init', '1234567890'],
      ['init', '1234567890', digests],
    ]);
  });
});
