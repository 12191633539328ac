import { describe, expect, it } from 'vitest';
import { hashMetaField, normalizeMetaField, type MetaUserField } from './meta-hash.js';

describe("Meta's published vectors (platforms.md)", () => {
  const vectors: Array<[MetaUserField, string, string, string, { callingCode?: string }?]> = [
    [
      'em',
      'John_Smith@gmail.com',
      'john_smith@gmail.com',
      '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
    ],
    [
      'ph',
      '(650)555-1212',
      '16505551212',
      'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
      { callingCode: '1' },
    ],
    ['fn', 'Mary', 'mary', '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec'],
    ['fn', 'Vale\u0301ry', 'valéry', '08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c'],
    ['country', 'United States', 'us', '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'],
    ['ct', 'New York', 'newyork', '350c754ba4d38897693aa077ef43072a859d23f613443133fecbbd90a3512ca5'],
  ];
  it.each(vectors)('%s %s', async (field, raw, normalized, hash, opts) => {
    expect(normalizeMetaField(field, raw, opts)).toBe(normalized);
    expect(await hashMetaField(field, raw, opts)).toBe(hash);
  });
});

describe('normalizeMetaField', () => {
  const cases: Array<
    [MetaUserField, string, string | undefined, { callingCode?: string; country?: string }?]
  > = [
    ['em', '  Mixed@Example.COM ', 'mixed@example.com'],
    ['ph', '+44 20 7946 0958', '442079460958', { callingCode: '1' }],
    ['ph', '0048 601 234 567', '48601234567'],
    ['ph', '16505551212', '16505551212', { callingCode: '1' }],
    ['zp', '94025-1234', '94025', { country: 'us' }],
    ['zp', 'SW1A 1AA', 'sw1a1aa', { country: 'gb' }],
    ['country', 'PL', 'pl'],
    ['country', 'Atlantis', undefined],
    ['st', 'CA', 'ca'],
    ['em', '   ', undefined],
    ['em', 'A'.repeat(64).replace(/A/g, 'a'), 'a'.repeat(64)],
  ];
  it.each(cases)('%s %s', (field, raw, normalized, opts) => {
    expect(normalizeMetaField(field, raw, opts)).toBe(normalized);
  });

  it('passes an already hashed value unchanged', async () => {
    const hashed = '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f';
    expect(await hashMetaField('em', hashed)).toBe(hashed);
  });
});
