import { describe, expect, it } from 'vitest';
import {
  hashIdentifier,
  normalizeCity,
  normalizeCountry,
  normalizeEmail,
  normalizeName,
  normalizePhone,
  normalizeZip,
} from './hash.js';
import { truncateIp } from './ip.js';

describe('hashing with the vectors in docs/platforms.md', () => {
  it.each([
    [
      'John_Smith@gmail.com',
      normalizeEmail,
      '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
    ],
    ['Mary', normalizeName, '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec'],
    ['Vale\u0301ry', normalizeName, '08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c'],
    ['United States', normalizeCountry, '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'],
    ['New York', normalizeCity, '350c754ba4d38897693aa077ef43072a859d23f613443133fecbbd90a3512ca5'],
    [
      '(650)555-1212',
      (v: string) => normalizePhone(v, '1'),
      'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
    ],
  ])('%s', async (input, normalize, expected) => {
    expect(await hashIdentifier(input, normalize)).toBe(expected);
  });

  it('passes an existing digest through, lowercased, and drops empty values', async () => {
    const digest = '62A14E44F765419D10FEA99367361A727C12365E2520F32218D505ED9AA0F62F';
    expect(await hashIdentifier(` ${digest} `, normalizeEmail)).toBe(digest.toLowerCase());
    expect(await hashIdentifier('   ', normalizeEmail)).toBeUndefined();
    expect(await hashIdentifier(undefined)).toBeUndefined();
  });
});

describe('normalization', () => {
  it('normalizes phones to digits with the calling code', () => {
    expect([
      normalizePhone('(650)555-1212', '1'),
      normalizePhone('1 650 555 1212', '1'),
      normalizePhone('+48 601 234 567', '1'),
      normalizePhone('0048 601-234-567'),
      normalizePhone('0601 234 567', '48'),
      normalizePhone('601 234 567'),
    ]).toEqual(['16505551212', '16505551212', '48601234567', '48601234567', '48601234567', '601234567']);
  });

  it('normalizes emails, zips and countries', () => {
    expect([
      normalizeEmail('  A.B@Example.COM '),
      normalizeZip('94025-1234'),
      normalizeZip('SW1A 1AA'),
      normalizeCountry('PL'),
    ]).toEqual(['a.b@example.com', '94025', 'sw1a1aa', 'pl']);
  });
});

describe('truncateIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['::ffff:198.51.100.9', '198.51.100.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['[2001:db8:1:2::5]', '2001:db8:1::'],
    ['fe80::1%eth0', 'fe80:0:0::'],
    ['::1', '0:0:0::'],
  ])('%s -> %s', (ip, expected) => {
    expect(truncateIp(ip)).toBe(expected);
  });

  it.each(['', 'not-an-ip', '256.1.1.1', '1.2.3', '1::2::3', '1:2:3:4:5:6:7:8:9', 'g::1'])(
    'drops %j',
    (ip) => {
      expect(truncateIp(ip)).toBeUndefined();
    },
  );
});
