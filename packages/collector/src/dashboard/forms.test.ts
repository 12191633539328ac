/**
 * Garbage bodies at every dashboard form route, logged in or not, through the collector: always a
 * 4xx in the collector's one error shape, never a 5xx, and nothing stored.
 */
import { describe, expect, it } from 'vitest';
import { createCollector } from '../app.js';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../delivery/secrets.js';
import { memoryStorage } from '../storage/memory.js';
import { dashboardRoutes } from './index.js';
import { settingsService } from './settings-service.js';
import { BASE, SECRET, client } from './test-helpers.js';

const FORMS = [
  '/login',
  '/logout',
  '/destinations/adroll/sharing',
  '/destinations/adroll/token',
  '/destinations/adroll/test',
  '/destinations/adroll/mapping',
  '/destinations/adroll/options',
  '/destinations/adroll/resume',
  '/deliveries/replay',
];

const MULTIPART = 'multipart/form-data; boundary=xyz';
/** Bodies no form parser can read, each with the content type it claims. */
const GARBAGE: Array<[string, string | Uint8Array<ArrayBuffer>]> = [
  ['multipart/form-data', 'csrf=abc&secret=x'],
  [MULTIPART, 'not a multipart body at all'],
  [MULTIPART, '--xyz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc'],
  [MULTIPART, '--xyz\r\nno headers end here--xyz--'],
  ['multipart/form-data; boundary=', '----\r\n\r\n'],
  [`${MULTIPART}; charset=utf-8`, new Uint8Array([0x2d, 0x2d, 0x78, 0x79, 0x7a, 0xff, 0xfe, 0x00, 0x0d])],
];

const UNREADABLE = {
  error: {
    code: 'bad_form',
    message: 'The form could not be read.',
    where: 'body',
    fix: 'Submit the form again from the dashboard page.',
  },
};
const UNAUTHENTICATED = {
  error: {
    code: 'unauthenticated',
    message: 'Log in to the dashboard first.',
    where: 'session cookie',
    fix: `Log in at ${BASE}/login.`,
  },
};

describe('dashboard forms with unreadable bodies', () => {
  it('answer 400 in the error shape at every form route (401 first without a session), nothing stored', async () => {
    const storage = memoryStorage();
    const box = await createTokenBox(parseTokenKeys(generateTokenKey('k1')));
    const admin = dashboardRoutes({
      adminSecret: SECRET,
      basePath: BASE,
      storage,
      settings: settingsService({ storage, box, fetch: () => Promise.reject(new Error('no network')) }),
    });
    const app = createCollector({}, { storage, admin });
    const stranger = client(app);
    const browser = client(app);
    await browser.login();
    const answers = [];
    const expected = [];
    for (const [who, loggedIn] of [
      [stranger, false],
      [browser, true],
    ] as const) {
      for (const form of FORMS) {
        for (const [type, body] of GARBAGE) {
          const res = await who.request(`${BASE}${form}`, {
            method: 'POST',
            body,
            headers: { 'content-type': type },
          });
          answers.push({ form, type, status: res.status, body: await res.json() });
          // A stranger's post to a logged-in route is refused for the session before the body is read.
          const refused = !loggedIn && form !== '/login';
          expected.push({
            form,
            type,
            status: refused ? 401 : 400,
            body: refused ? UNAUTHENTICATED : UNREADABLE,
          });
        }
      }
    }
    expect(answers).toEqual(expected);
    expect(await storage.listSettings()).toEqual([]);
    expect((await browser.get(`${BASE}/destinations`)).status).toBe(200);
  });
});
