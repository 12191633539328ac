import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../storage/memory.js';
import { createTokenBox, parseTokenKeys } from './secrets.js';
import type { SettingsError } from './settings.js';
import { describeDestinations, saveDestinationSettings, verifyStoredTokens } from './settings.js';

const KEY1 = 'k1:' + btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
const KEY2 = 'k2:' + btoa(String.fromCharCode(...new Uint8Array(32).fill(8)));
const NOW = 1_763_640_000_000;

describe('destination settings', () => {
  it('stores the token encrypted and shows only its last four characters', async () => {
    const storage = memoryStorage();
    const box = await createTokenBox(parseTokenKeys(KEY1));
    const view = await saveDestinationSettings(
      storage,
      box,
      'meta',
      { enabled: true, token: 'EAAB-very-secret-9876', options: { pixelId: '1234567890' } },
      NOW,
    );
    expect(view).toEqual({
      destination: 'meta',
      title: 'Meta Conversions API',
      configured: true,
      enabled: true,
      hasToken: true,
      tokenLast4: '9876',
      mapping: { purchase: 'Purchase' },
      options: {
        pixelId: '1234567890',
        baseUrl: 'https://graph.facebook.com',
        apiVersion: 'v26.0',
        contextGraceSeconds: 120,
        perMinute: 1000,
        concurrency: 2,
      },
      platformEvents: expect.arrayContaining(['Purchase', 'Lead']),
      updatedAt: NOW,
    });
    const stored = await storage.getSettings('meta');
    expect(JSON.stringify(stored)).not.toContain('very-secret');
    expect(await box.decrypt(stored?.tokenCiphertext ?? '', 'meta')).toBe('EAAB-very-secret-9876');
  });

  it('refuses invalid options, unknown platform events and sharing without a token', async () => {
    const storage = memoryStorage();
    const box = await createTokenBox(parseTokenKeys(KEY1));
    const refused = (patch: Parameters<typeof saveDestinationSettings>[3], name = 'adroll') =>
      saveDestinationSettings(storage, box, name, patch, NOW).then(
        () => undefined,
        (e: SettingsError) => e.toJSON(),
      );
    expect(await refused({ options: { advertisableEid: 'A' } })).toEqual({
      error: { code: 'invalid_options', message: expect.any(String), where: 'options.pixelEid' },
    });
    expect(await refused({ mapping: { purchase: 'Purchase' } })).toEqual({
      error: {
        code: 'invalid_mapping',
        message: 'AdRoll has no event "Purchase"',
        where: 'mapping.purchase',
        fix: expect.stringContaining('purchase, pageView'),
      },
    });
    expect(await refused({ mapping: { refund: 'purchase' } })).toEqual({
      error: {
        code: 'invalid_mapping',
        message:
          'a refund cannot be sent as "purchase": AdRoll would count it as a purchase and add its value to revenue',
        where: 'mapping.refund',
        fix: "map refund to a refund event, or leave it unmapped (AdRoll's purchase events: purchase)",
      },
    });
    expect(await refused({ mapping: { order_paid: 'purchase' } })).toEqual({
      error: {
        code: 'invalid_mapping',
        message: '"order_paid" is not an event Tandem delivers',
        where: 'mapping.order_paid',
        fix: 'map one of purchase, refund, lead, sign_up, subscribe, start_trial, contact: only these are sent to platforms',
      },
    });
    expect(await refused({ enabled: true, options: { advertisableEid: 'A', pixelEid: 'P' } })).toEqual({
      error: {
        code: 'token_required',
        message: 'AdRoll needs its server token before data sharing can be on',
        where: 'token',
      },
    });
    expect(await refused({}, 'pinterest')).toEqual({
      error: {
        code: 'unknown_destination',
        message: 'no destination named "pinterest"',
        where: 'destination',
        fix: 'use one of adroll, meta, neuroon, tiktok, google-ads, ga4',
      },
    });
    expect(await storage.listSettings()).toEqual([]);
  });

  it('maps many shop events to one platform event; a new token clears a pause', async () => {
    const storage = memoryStorage();
    const box = await createTokenBox(parseTokenKeys(KEY1));
    await saveDestinationSettings(
      storage,
      box,
      'adroll',
      { token: 'tok-aaaa', options: { advertisableEid: 'A', pixelEid: 'P' }, enabled: true },
      NOW,
    );
    const paused = await storage.getSettings('adroll');
    await storage.putSettings({ ...paused!, pausedReason: 'token refused (HTTP 401)' });
    const kept = await saveDestinationSettings(
      storage,
      box,
      'adroll',
      { mapping: { purchase: 'purchase', lead: 'formFill', contact: 'formFill' } },
      NOW + 1,
    );
    expect(kept.pausedReason).toBe('token refused (HTTP 401)');
    expect(kept.mapping).toEqual({ purchase: 'purchase', lead: 'formFill', contact: 'formFill' });
    const resumed = await saveDestinationSettings(storage, box, 'adroll', { token: 'tok-bbbb' }, NOW + 2);
    expect(resumed.pausedReason).toBeUndefined();
    expect(resumed.tokenLast4).toBe('bbbb');
  });

  it('describes every destination, and start-up refuses tokens the keys cannot read', async () => {
    const storage = memoryStorage();
    const box1 = await createTokenBox(parseTokenKeys(KEY1));
    await saveDestinationSettings(storage, box1, 'neuroon', { token: 'sk_live_1234' }, NOW);
    await verifyStoredTokens(storage, box1);
    const box2 = await createTokenBox(parseTokenKeys(KEY2));
    const views = await describeDestinations(storage, box2);
    expect(views.map((v) => [v.destination, v.configured, v.hasToken, v.tokenLast4, v.tokenProblem])).toEqual(
      [
        ['adroll', false, false, undefined, undefined],
        ['meta', false, false, undefined, undefined],
        [
          'neuroon',
          true,
          true,
          undefined,
          'the neuroon token was encrypted with key "k1", which is not configured',
        ],
        ['tiktok', false, false, undefined, undefined],
        ['google-ads', false, false, undefined, undefined],
        ['ga4', false, false, undefined, undefined],
      ],
    );
    await expect(verifyStoredTokens(storage, box2)).rejects.toThrow(
      'stored server tokens cannot be decrypted: the neuroon token was encrypted with key "k1", which is not configured',
    );
  });
});
