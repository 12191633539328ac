/**
 * Points Tandem's three destinations at the sandbox and delivers in the background, as an operator
 * would in the dashboard. The delivery settings and engine are not in the collector's public
 * exports yet, so this one file reaches into its sources; it switches to the public API when the
 * collector exports one (tracked in the demo README).
 */
import type { Storage } from '@tandem/collector';
import type { Sandbox } from '@tandem/sandbox';
import { createDeliveryEngine, type DeliveryEngine } from '../../collector/src/delivery/engine.js';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../../collector/src/delivery/secrets.js';
import { saveDestinationSettings } from '../../collector/src/delivery/settings.js';

export interface DemoDelivery {
  engine: DeliveryEngine;
  stop(): Promise<void>;
}

export async function deliverToSandbox(
  storage: Storage,
  sandbox: Sandbox,
  options: { shopOrigin: string; adrollGraceSeconds?: number; idleMs?: number },
): Promise<DemoDelivery> {
  // A fresh key per run: the demo's stored tokens are re-saved at every start.
  const box = await createTokenBox(parseTokenKeys(generateTokenKey('demo')));
  const now = Date.now();
  const save = (name: string, token: string, opts: Record<string, unknown>) =>
    saveDestinationSettings(storage, box, name, { enabled: true, token, options: opts }, now);
  const { adroll, meta, neuroon } = sandbox;
  await save('adroll', adroll.credentials.token, {
    baseUrl: adroll.url,
    advertisableEid: adroll.credentials.advertisable,
    pixelEid: adroll.credentials.pixel,
    graceSeconds: options.adrollGraceSeconds ?? 300,
  });
  await save('meta', meta.credentials.accessToken, { baseUrl: meta.url, pixelId: meta.credentials.pixelId });
  await save('neuroon', neuroon.credentials.apiKey, {
    baseUrl: neuroon.url,
    shopId: neuroon.credentials.shopId,
    origin: options.shopOrigin,
    refundPath: neuroon.credentials.refundPath,
  });
  const engine = createDeliveryEngine({
    storage,
    box,
    fetch: globalThis.fetch,
    now: Date.now,
    idleMs: options.idleMs ?? 1000,
    log: (n) => console.error(`demo delivery ${n.destination}: ${n.message}`),
  });
  engine.start();
  return { engine, stop: () => engine.stop() };
}
