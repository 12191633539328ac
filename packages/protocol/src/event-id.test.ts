import { describe, expect, it } from 'vitest';
import { purchaseEventId } from './event-id.js';

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
