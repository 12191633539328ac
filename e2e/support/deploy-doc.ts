/**
 * The deployment guide's snippets, read from `docs/deploy.md` itself so the guide and its test
 * cannot drift: the collector's config (JSON), the command that starts it, and the Nginx and Caddy
 * blocks, with only ports, listen addresses and certificate paths replaced for a test run. Every
 * replaced text must appear exactly as the guide writes it, or the test fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './readme-process.js';

const guide = () => readFileSync(join(REPO, 'docs/deploy.md'), 'utf8');

/** The body of the first fenced block of `lang` in the guide. */
export function guideBlock(lang: string): string {
  const found = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(guide());
  if (!found?.[1]) throw new Error(`docs/deploy.md has no \`\`\`${lang} block`);
  return found[1];
}

/** Replaces `from` (which must occur exactly `times` times) with `to`. */
function swap(text: string, from: string, to: string, times = 1): string {
  const seen = text.split(from).length - 1;
  if (seen !== times) throw new Error(`docs/deploy.md: expected "${from}" ${times}x, found ${seen}x`);
  return text.split(from).join(to);
}

/** Where the test runs the pieces the guide names. */
export interface Ports {
  /** The proxy's port (the guide: 443), on 127.0.0.1. */
  proxy: number;
  /** The collector (the guide: 8787). */
  collector: number;
  /** The storefront (the guide: 3000). */
  shop: number;
}

/** The guide's upstreams, as written there, and the test's. */
const upstreams = (text: string, ports: Ports) =>
  swap(
    swap(text, '127.0.0.1:8787', `127.0.0.1:${ports.collector}`),
    '127.0.0.1:3000',
    `127.0.0.1:${ports.shop}`,
  );

/** The guide's Nginx server block for a test run: listen on 127.0.0.1, the test's certificate. */
export function nginxServer(ports: Ports, tls: { cert: string; key: string }): string {
  let text = guideBlock('nginx');
  text = swap(text, 'listen 443 ssl;', `listen 127.0.0.1:${ports.proxy} ssl;`);
  text = swap(text, '/etc/ssl/shop.example/fullchain.pem', tls.cert);
  text = swap(text, '/etc/ssl/shop.example/privkey.pem', tls.key);
  return upstreams(text, ports);
}

/**
 * The guide's Caddy site for a test run: its address becomes `https://<host>:<port>` on 127.0.0.1
 * with the test's certificate (the lines added first in the site); its routes stay as written.
 */
export function caddySite(ports: Ports, host: string, tls: { cert: string; key: string }): string {
  const text = swap(
    guideBlock('caddy'),
    'shop.example {\n',
    `https://${host}:${ports.proxy} {\n    bind 127.0.0.1\n    tls ${tls.cert} ${tls.key}\n`,
  );
  return upstreams(text, ports);
}

/** The collector's config file as the guide writes it. */
export const guideConfig = (): Record<string, unknown> =>
  JSON.parse(guideBlock('json')) as Record<string, unknown>;

/** The guide's command that starts the collector (its only `sh` line). */
export function guideServeCommand(): string {
  const lines = guideBlock('sh').trim().split('\n');
  if (lines.length !== 1) throw new Error(`docs/deploy.md: expected one command, found ${lines.length}`);
  return lines[0]!;
}
