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
  it('is deterministic, distinct per name and ID, and never a purchase ID', () => {
    expect(shopEventId('lead', 'L-42')).toMatch(/^e_[0-9a-z]{28}$/);
    expect(shopEventId('lead', 'L-42')).toBe(shopEventId(' lead', 'L-42 '));
    expect(shopEventId('lead', 'L-42')).not.toBe(shopEventId('sign_up', 'L-42'));
    expect(shopEventId('lead', 'L-42')).not.toBe(shopEventId('lead', 'L-43'));
    // the separator keeps (name, id) pairs apart that concatenate alike
    expect(shopEventId('lead', 'x')).not.toBe(shopEventId('leadx', ''));
    expect(shopEventId('lead', 'L-42').slice(2)).not.toBe(purchaseEventId('L-42').slice(2));
  });

  it('ignores the Unicode normalization form of both parts', () => {
    expect(shopEventId('lead', 'Valéry')).toBe(shopEventId('lead', 'Vale\u0301ry'));
  });
});
