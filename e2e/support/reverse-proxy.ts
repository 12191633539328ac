/**
 * Debian's `nginx` and `caddy` as child processes of the test, each with its own config, logs and
 * state in a temp folder, listening on 127.0.0.1 only, stopped at the end. The site they serve is
 * the deployment guide's snippet (`deploy-doc.ts`); around it, only what a test run needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listening } from './readme-process.js';

export interface RunningProxy {
  name: string;
  /** What the proxy logged (errors), for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * The address Nginx reaches the collector and the shop from: another loopback /24 than the
 * browser's 127.0.0.1, as a proxy on its own host would have, so a collector that took its
 * socket address for the client's would store a different (truncated) IP.
 */
export const NGINX_SOURCE = '127.0.1.1';

/** Debian's binaries (`/usr/sbin` is not on every user's PATH); `NGINX_PATH`/`CADDY_PATH` override. */
const binary = (name: string, debian: string, override: string | undefined) =>
  override ?? (existsSync(debian) ? debian : name);
const NGINX = binary('nginx', '/usr/sbin/nginx', process.env.NGINX_PATH);
const CADDY = binary('caddy', '/usr/bin/caddy', process.env.CADDY_PATH);

/** Nginx's main config around the guide's server block: pid, logs and temp files in `dir`. */
function nginxMain(dir: string, server: string): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    proxy_bind ${NGINX_SOURCE};

${server}
}
`;
}

/** Caddy's global options around the guide's site: no admin port, no port-80 redirects, state in `dir`. */
function caddyMain(dir: string, site: string): string {
  return `{
    admin off
    auto_https disable_redirects
    skip_install_trust
    storage file_system ${dir}/caddy-data
    log {
        output file ${dir}/caddy.log
        level WARN
    }
}

${site}`;
}

async function started(child: ChildProcess, port: number, log: () => string, name: string) {
  const until = Date.now() + 15_000;
  while (Date.now() < until && child.pid !== undefined) {
    if (await listening(port)) return;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not start on 127.0.0.1:${port}:\n${log()}`);
}

function running(name: string, child: ChildProcess, log: () => string): RunningProxy {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([exited, timeout]);
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        // A master that did not stop: end its whole group (its workers).
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}

/** `nginx -c <file> -p <dir> -g 'daemon off;'`: the guide's server block on 127.0.0.1:port. */
export async function startNginx(dir: string, server: string, port: number): Promise<RunningProxy> {
  // Nginx's workers run as `nobody` when the test runs as root: they must reach the temp folders.
  chmodSync(dir, 0o755);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxMain(dir, server));
  const errorLog = join(dir, 'error.log');
  const output: string[] = [];
  const child = spawn(NGINX, ['-e', errorLog, '-p', dir, '-c', conf, '-g', 'daemon off;'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  child.on('error', (error) => output.push(`${error.message}\n`));
  const log = () => output.join('') + (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '');
  const proxy = running('nginx', child, log);
  await started(child, port, log, 'nginx').catch(async (error: unknown) => {
    await proxy.stop();
    throw error;
  });
  return proxy;
}

/** `caddy run --config <file> --adapter caddyfile`: the guide's site on 127.0.0.1:port. */
export async function startCaddy(dir: string, site: string, port: number): Promise<RunningProxy> {
  const conf = join(dir, 'Caddyfile');
  writeFileSync(conf, caddyMain(dir, site));
  const output: string[] = [];
  const child = spawn(CADDY, ['run', '--config', conf, '--adapter', 'caddyfile'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  child.on('error', (error) => output.push(`${error.message}\n`));
  const caddyLog = join(dir, 'caddy.log');
  const log = () => output.join('') + (existsSync(caddyLog) ? readFileSync(caddyLog, 'utf8') : '');
  const proxy = running('caddy', child, log);
  await started(child, port, log, 'caddy').catch(async (error: unknown) => {
    await proxy.stop();
    throw error;
  });
  return proxy;
}
