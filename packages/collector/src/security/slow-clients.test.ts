/**
 * Slow clients: headers or a body sent a byte at a time are cut off within the configured bound
 * (Node's defaults held them for minutes), and a client opening more connections than its cap has
 * the extra ones closed at once, while another address is still served.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { served, type Served } from './served-collector.test-helpers.js';

const HEADERS_MS = 1_000;
const REQUEST_MS = 2_000;
const CAP = 5;
let target: Served;
beforeAll(
  async () =>
    (target = await served({
      limits: { headersTimeoutMs: HEADERS_MS, requestTimeoutMs: REQUEST_MS, connectionsPerClient: CAP },
    })),
);
afterAll(() => target.close());

const port = () => Number(new URL(target.url).port);

function open(host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port(), host, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Writes `text` a byte every `everyMs` until the server closes the socket; resolves how long that took. */
function dribble(socket: Socket, text: string, everyMs: number, giveUpMs: number): Promise<number> {
  const start = Date.now();
  socket.on('error', () => {});
  return new Promise((resolve) => {
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || Date.now() - start > giveUpMs) return;
      socket.write(text[i++ % text.length]!);
    }, everyMs);
    const done = () => {
      clearInterval(timer);
      resolve(Date.now() - start);
    };
    socket.once('close', done);
    setTimeout(() => {
      socket.destroy();
    }, giveUpMs).unref();
  });
}

describe('slow clients', () => {
  // Node checks the timeouts once a second: the bound plus that interval plus scheduling slack.
  const SLACK = 2_500;

  it('cuts off headers sent a byte at a time within the header timeout', async () => {
    const socket = await open();
    socket.write('POST /app-data/e HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const took = await dribble(socket, 'X-Slow: aaaaaaaaaaaaaaaa\r\n', 100, 10_000);
    expect(took).toBeLessThan(HEADERS_MS + SLACK);
  }, 15_000);

  it('cuts off a body sent a byte at a time within the request timeout', async () => {
    const socket = await open();
    socket.write(
      'POST /app-data/e HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 10000\r\n\r\n',
    );
    const took = await dribble(socket, '{"v":1,', 100, 10_000);
    expect(took).toBeGreaterThan(HEADERS_MS / 2);
    expect(took).toBeLessThan(REQUEST_MS + SLACK);
  }, 15_000);

  it('closes connections past the cap per client address, and serves the ones within it', async () => {
    const held = await Promise.all(Array.from({ length: CAP }, () => open()));
    const ask = (socket: Socket) =>
      new Promise<string>((resolve) => {
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        socket.on('error', () => {});
        socket.once('close', () => resolve(answer || 'closed without an answer'));
        socket.write('GET /app-data/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
        setTimeout(() => resolve(answer || 'still open'), 2_000).unref();
      });
    const extra = await open();
    expect(await ask(extra)).toBe('closed without an answer');
    expect(await ask(held[0]!)).toMatch(/^HTTP\/1\.1 200/);
    for (const socket of held) socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    // Once the held ones are gone, the address is served again.
    expect((await fetch(`${target.url}/app-data/health`)).status).toBe(200);
  });
});
