/**
 * "Test connection" against the platform sandbox (real HTTP, the platforms' own validation): the
 * sample conversion must be an event the platform accepts, sent in its test or dry-run mode, so
 * nothing is counted.
 */
import { startSandbox, type Sandbox } from '@tandem/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../../delivery/secrets.js';
import { saveDestinationSettings } from '../../delivery/settings.js';
import { memoryStorage } from '../../storage/memory.js';
import { settingsService } from '../settings-service.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tls: false });
});
afterAll(() => sandbox.close());

async function service(destination: string, token: string, options: Record<string, unknown>) {
  const storage = memoryStorage();
  const box = await createTokenBox(parseTokenKeys(generateTokenKey('k1')));
  await saveDestinationSettings(storage, box, destination, { token, options }, Date.now());
  return settingsService({ storage, box });
}

describe('test connection against the sandbox', () => {
  it('sends Meta a valid website event with the test event code, which Meta accepts and does not count', async () => {
    sandbox.reset();
    const { meta } = sandbox;
    const settings = await service('meta', meta.credentials.accessToken, {
      baseUrl: meta.url,
      pixelId: meta.credentials.pixelId,
      testEventCode: 'TEST4242',
    });
    const result = await settings.testConnection('meta', { pageUrl: 'https://shop.example/' });
    const ledger = meta.ledger();
    expect({
      result,
      receipts: ledger.receipts.map((r) => ({ status: r.status, error: r.error })),
      counted: ledger.counted.length,
    }).toEqual({
      result: {
        ok: true,
        mode: 'test event code TEST4242',
        message: 'Meta Conversions API accepted the test request.',
      },
      receipts: [{ status: 200, error: undefined }],
      counted: 0,
    });
    const event = (ledger.receipts[0]?.payload as { data: Array<Record<string, unknown>> }).data[0];
    expect({
      source: event?.action_source,
      url: event?.event_source_url,
      agent: typeof (event?.user_data as { client_user_agent?: unknown }).client_user_agent,
    }).toEqual({ source: 'website', url: 'https://shop.example/', agent: 'string' });
  });

  it("reports Meta's refusal of a wrong token as a refused token", async () => {
    sandbox.reset();
    const { meta } = sandbox;
    const settings = await service('meta', 'not-the-token', {
      baseUrl: meta.url,
      pixelId: meta.credentials.pixelId,
      testEventCode: 'TEST4242',
    });
    const result = await settings.testConnection('meta');
    expect([result.ok, result.message.startsWith('Meta Conversions API refused the token')]).toEqual([
      false,
      true,
    ]);
  });

  it('sends AdRoll its dry run, which AdRoll validates and does not count', async () => {
    sandbox.reset();
    const { adroll } = sandbox;
    const settings = await service('adroll', adroll.credentials.token, {
      baseUrl: adroll.url,
      advertisableEid: adroll.credentials.advertisable,
      pixelEid: adroll.credentials.pixel,
    });
    const result = await settings.testConnection('adroll');
    const ledger = adroll.ledger();
    expect({
      result,
      statuses: ledger.receipts.map((r) => r.status),
      counted: ledger.counted.length,
    }).toEqual({
      result: { ok: true, mode: 'dry run', message: 'AdRoll accepted the test request.' },
      statuses: [200],
      counted: 0,
    });
  });
});
