import { describe, expect, it } from 'vitest';
import { purchaseEventId, shopEventId } from './event-id.js';

describe('purchaseEventId', () => {
  it('is deterministic, fixed-length and distinct per order', () => {
    expect(purchaseEventId('1001')).toBe(purchaseEventId('1001'));
    expect(purchaseEventId('1001')).toMatch(/^o_[0-9a-z]{28}$/);
    expect(purchaseEventId('1001')).not.toBe(purchaseEventId('1002'));
  });

  it('matches the shared test vector (the tag pins the same literal in its tag.test.ts)', () => {
    expect(purchaseEventId('1001')).toBe('o_1566ssv1u2sxiv06d086q06w3wff');
  });

  it('ignores surrounding space and Unicode normalization form', () => {
    expect(purchaseEventId(' Valéry-7 ')).toBe(purchaseEventId('Vale\u0301ry-7'));
  });
});

describe('shopEventId', () => {
  it('matches the shared test vector (the tag pins the same literal in its tag.test.ts)', () => {
    expect(shopEventId('lead', 'L-77')).toBe('e_0ptyvrv1ssev8s1eee2dj0fzd61z');
  });

  it('is fixed-length, distinct per event name and per ID, and never a purchase ID', () => {
    expect(shopEventId('lead', 'L-77')).toMatch(/^e_[0-9a-z]{28}$/);
    const ids = [
      shopEventId('lead', 'L-77'),
      shopEventId('lead', 'L-78'),
      shopEventId('sign_up', 'L-77'),
      // the separator keeps the boundary: ('ab', 'c') is not ('a', 'bc')
      shopEventId('ab', 'c'),
      shopEventId('a', 'bc'),
      purchaseEventId('L-77'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ignores surrounding space and Unicode normalization form in each part', () => {
    expect(shopEventId(' lead ', ' Valéry-7 ')).toBe(shopEventId('lead', 'Vale\u0301ry-7'));
  });
});
