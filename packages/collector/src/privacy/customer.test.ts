import { describe, expect, it } from 'vitest';
import { hashCustomer, normalizeDateOfBirth, normalizeGender, normalizeState } from './customer.js';
import { normalizeCountry, normalizeE164, normalizeGoogleEmail } from './hash.js';

describe('customer fields by Meta rules', () => {
  it('normalizes states: US names to their code, others without spaces or punctuation', () => {
    expect(
      ['New York', 'TX', ' district of columbia ', 'Île-de-France', 'Mazowieckie'].map(normalizeState),
    ).toEqual(['ny', 'tx', 'dc', 'îledefrance', 'mazowieckie']);
  });

  it('normalizes dates of birth to YYYYMMDD and refuses what is not a real date from 1900 on', () => {
    expect(
      [
        '1997-02-16',
        '19970216',
        '1997/02/16',
        ' 1997.02.16 ',
        '2000-02-29',
        '1997-02-30',
        '1899-12-31',
        '16/02/1997',
        '1997-2-16',
      ].map(normalizeDateOfBirth),
    ).toEqual([
      '19970216',
      '19970216',
      '19970216',
      '19970216',
      '20000229',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('takes f and m only, from the common spellings', () => {
    expect(['F', 'female', ' Male ', 'm', 'x', 'other', ''].map(normalizeGender)).toEqual([
      'f',
      'f',
      'm',
      'm',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('maps countries to ISO alpha-2 from codes, English names and a few local ones', () => {
    expect(
      [
        'US',
        'United States',
        'germany',
        'Deutschland',
        'United Kingdom',
        'UK',
        'Brazil',
        'EU',
        'Atlantis',
        'XX',
      ].map(normalizeCountry),
    ).toEqual(['us', 'us', 'de', 'de', 'gb', 'gb', 'br', undefined, undefined, undefined]);
  });

  it('hashes every field under its Meta key, passes digests through and leaves out what it cannot use', async () => {
    const digest = 'A'.repeat(64);
    expect(
      await hashCustomer(
        {
          email: 'John_Smith@gmail.com',
          phone: '(650)555-1212',
          first_name: 'Mary',
          last_name: 'Vale\u0301ry',
          city: 'New York',
          state: 'New York',
          zip: '94035-1234',
          country: 'United States',
          date_of_birth: '1997-02-16',
          gender: 'Female',
        },
        '1',
      ),
    ).toEqual({
      em: '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
      ph: 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
      fn: '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec',
      ln: '08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c',
      ct: '350c754ba4d38897693aa077ef43072a859d23f613443133fecbbd90a3512ca5',
      st: '1b06e2003f8420d6fa42badd8f77ec0f706b976b7a48b13c567dc5a559681683',
      zp: '1794327a4d443904421f5ca1f3d72d0a62ba2f0770d80755ec2220fc0efb052e',
      country: '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621',
      db: '01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c',
      ge: '252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111',
      // Google's phone digest: E.164 with its `+` (`+16505551212`); no `gem`, the address has no dot.
      gph: '1e231c66011e7a2d867a9cfae267a6aff103cf4913640b6e71a99850fc0ffbc8',
    });
    expect(await hashCustomer({ first_name: digest, last_name: '  ', gender: 'other', city: '' })).toEqual({
      fn: digest.toLowerCase(),
    });
  });
});

describe("customer fields by Google's rules (enhanced conversions)", () => {
  it('drops the dots of Gmail names and writes phones in E.164, next to the Meta digests', async () => {
    expect(normalizeGoogleEmail(' John.Smith@GoogleMail.com ')).toBe('johnsmith@googlemail.com');
    expect(normalizeGoogleEmail('john.smith@example.com')).toBe('john.smith@example.com');
    expect(normalizeE164('(650)555-1212', '1')).toBe('+16505551212');
    expect(normalizeE164('+48 601 234 567')).toBe('+48601234567');
    expect(await hashCustomer({ email: 'John.Smith@gmail.com', phone: '+1 650 555 1212' })).toEqual({
      em: 'd0c648bc36f12061bec770df216cea2ab95851b9350fd54b658de53b0407767a',
      ph: 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
      gem: '3586de92bb3636d0885a12eff961429a32e4ebd764b96f50d85d016f9338d586',
      gph: '1e231c66011e7a2d867a9cfae267a6aff103cf4913640b6e71a99850fc0ffbc8',
    });
  });
});
