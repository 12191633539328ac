import { describe, expect, it } from 'vitest';
import { createTokenBox, generateTokenKey, parseTokenKeys, TokenKeyError } from './secrets.js';

const KEY1 = 'k1:' + btoa(String.fromCharCode(...new Uint8Array(32).fill(1)));
const KEY2 = 'k2:' + btoa(String.fromCharCode(...new Uint8Array(32).fill(2)));

describe('token box', () => {
  it('encrypts with a random IV and decrypts back', async () => {
    const box = await createTokenBox(parseTokenKeys(KEY1));
    const a = await box.encrypt('EAAB-secret-token', 'meta');
    const b = await box.encrypt('EAAB-secret-token', 'meta');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:k1:[\w-]{16}:[\w-]+$/);
    expect(a).not.toContain('secret');
    expect(await box.decrypt(a, 'meta')).toBe('EAAB-secret-token');
  });

  it('binds the ciphertext to its destination', async () => {
    const box = await createTokenBox(parseTokenKeys(KEY1));
    const envelope = await box.encrypt('t', 'meta');
    await expect(box.decrypt(envelope, 'adroll')).rejects.toThrow(
      new TokenKeyError('the adroll token does not decrypt with key "k1" (wrong key or damaged value)'),
    );
  });

  it('rotates: old envelopes still decrypt, rotate re-encrypts under the first key', async () => {
    const old = await createTokenBox(parseTokenKeys(KEY1));
    const envelope = await old.encrypt('tok-1234', 'adroll');
    const both = await createTokenBox(parseTokenKeys(`${KEY2}, ${KEY1}`));
    expect(both.currentKeyId).toBe('k2');
    expect(await both.decrypt(envelope, 'adroll')).toBe('tok-1234');
    const rotated = await both.rotate(envelope, 'adroll');
    expect(both.keyIdOf(rotated)).toBe('k2');
    expect(await both.rotate(rotated, 'adroll')).toBe(rotated);
    const onlyNew = await createTokenBox(parseTokenKeys(KEY2));
    expect(await onlyNew.decrypt(rotated, 'adroll')).toBe('tok-1234');
    await expect(onlyNew.decrypt(envelope, 'adroll')).rejects.toThrow(
      'the adroll token was encrypted with key "k1", which is not configured',
    );
  });

  it('refuses bad keys with clear messages', async () => {
    await expect(createTokenBox(parseTokenKeys('k1:AAAA'))).rejects.toThrow(
      'token key "k1" must be 32 bytes (it is 3)',
    );
    await expect(createTokenBox(parseTokenKeys(`${KEY1},${KEY1}`))).rejects.toThrow(
      'token key ID "k1" is given twice',
    );
    expect(() => parseTokenKeys('nokey')).toThrow('each token key is written as <id>:<32 bytes in base64>');
    const none = await createTokenBox([]);
    await expect(none.encrypt('t', 'meta')).rejects.toThrow('no token key is configured');
  });

  it('generates keys it can read', async () => {
    const box = await createTokenBox(parseTokenKeys(generateTokenKey('fresh')));
    expect(await box.decrypt(await box.encrypt('x', 'neuroon'), 'neuroon')).toBe('x');
  });
});
