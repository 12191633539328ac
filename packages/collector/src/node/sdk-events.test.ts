import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COOKIES, shopEventId } from '@tandem/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { metaOn, SERVER_KEY, setup } from '../test-helpers.js';
import { tandemClient, TandemRequestError } from './http-client.js';
import { tandemServer } from './sdk.js';
import { serveCollector } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-sdk-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const request = () => ({
  headers: {
    cookie: `${COOKIES.vidServer}=vid-12345678; ${COOKIES.consent}=1; other=x`,
    'user-agent': 'UA/9',
  },
  socket: { remoteAddress: '198.51.100.9' },
});
const signUp = { event: 'sign_up' as const, id: 'acct-7', email: 'jane@example.com' };

describe('recordEvent', () => {
  it('in process: records the event with the customer read from the request', async () => {
    const { app, storage } = setup({}, { destinations: ['meta'] });
    await storage.putSettings({
      ...metaOn,
      mapping: { purchase: 'Purchase', sign_up: 'CompleteRegistration' },
    });
    const receipt = await tandemServer(app).recordEvent(signUp, { request: request() });
    expect(receipt).toEqual({
      event: 'sign_up',
      id: 'acct-7',
      event_id: shopEventId('sign_up', 'acct-7'),
      created: true,
      destinations: [{ destination: 'meta', status: 'queued' }],
    });
    const [row] = await storage.listOutbox({});
    expect(row?.payload).toMatchObject({ visitorId: 'vid-12345678', userAgent: 'UA/9', ip: '198.51.100.9' });
    await expect(tandemServer(app).recordEvent({ ...signUp, value: 3 })).rejects.toThrow(
      'a value needs its currency',
    );
  });

  it('over HTTP: the same answer from POST /events, and 4xx thrown with the collector error', async () => {
    const running = await serveCollector({
      config: { serverKey: SERVER_KEY },
      dbFile: join(dir, 'events.db'),
    });
    try {
      const client = tandemClient({ url: `${running.url}/app-data`, serverKey: SERVER_KEY });
      const receipt = await client.recordEvent(signUp, { request: request() });
      expect(receipt).toMatchObject({
        event: 'sign_up',
        id: 'acct-7',
        event_id: shopEventId('sign_up', 'acct-7'),
        created: true,
      });
      expect((await client.recordEvent(signUp)).created).toBe(false);
      const error = await client
        .recordEvent({ ...signUp, event: 'checkout' as 'lead' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TandemRequestError);
      expect((error as TandemRequestError).detail).toMatchObject({ code: 'invalid_event', where: 'event' });
      expect(await running.storage.getOrder('sign_up', 'acct-7')).toMatchObject({
        visitorId: 'vid-12345678',
        userAgent: 'UA/9',
        ip: '198.51.100.0',
      });
    } finally {
      await running.close();
    }
  });
});
