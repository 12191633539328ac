import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashUser, normalizeEmail, normalizePhone, sha256 } from './identify.js';
import { loadTag } from './test/harness.js';

describe('normalizing and hashing (Meta test vectors, docs/platforms.md)', () => {
  it('matches the published vectors', async () => {
    expect(await sha256(normalizeEmail('John_Smith@gmail.com'))).toBe(
      '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
    );
    expect(normalizePhone('+1 (650) 555-1212')).toBe('16505551212');
    expect(await sha256(normalizePhone('16505551212'))).toBe(
      'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
    );
    expect(await sha256(normalizeEmail('Mary'))).toBe(
      '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec',
    );
    expect(await sha256(normalizeEmail('Vale\u0301ry'))).toBe(
      '08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c',
    );
  });

  it('trims, lowercases, drops leading zeros of international prefixes, and passes digests through', async () => {
    const digest = 'E323EC626319CA94EE8BFF2E4C87CF613BE6EA19919ED1364124E16807AB3176';
    expect(await hashUser({ email: '  John_Smith@Gmail.COM ', phone: '00 1 650 555 1212' })).toEqual({
      em: '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
      ph: 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
    });
    expect(await hashUser({ phone: digest })).toEqual({ em: undefined, ph: digest.toLowerCase() });
    expect(await hashUser({ email: {}, phone: '' })).toEqual({ em: undefined, ph: undefined });
  });
});

describe('identify', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('sends only the digests, in the batches that follow', async () => {
    const page = await loadTag();
    const digest = vi.spyOn(crypto.subtle, 'digest');
    page.tandem('identify', { email: 'John_Smith@gmail.com', phone: 16505551212 });
    await page.settle(0);
    await digest.mock.results[0]!.value;
    await vi.waitFor(() => expect(digest).toHaveBeenCalledTimes(2));
    await digest.mock.results[1]!.value;
    await page.settle();
    expect(page.sent[0]!.body.user).toEqual({
      em: '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
      ph: 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
    });
    expect(JSON.stringify(page.sent)).not.toContain('John');
  });

  it('sends nothing when SubtleCrypto is missing (plain http)', async () => {
    const page = await loadTag();
    vi.spyOn(crypto.subtle, 'digest').mockRejectedValue(new TypeError('insecure context'));
    vi.spyOn(console, 'log').mockImplementation(() => {});
    page.tandem('identify', { email: 'a@b.c' });
    await page.settle();
    expect(page.sent[0]!.body.user).toBeUndefined();
  });
});
