/**
 * Several `tandem serve` processes on one database behind a small round-robin proxy (loopback,
 * node:http), for the multi-instance test. An instance can be SIGKILLed and restarted; the proxy
 * skips instances that do not answer and names the instance that served each response in
 * `x-tandem-instance`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Instance {
  child: ChildProcess;
  port: number;
}

/** Starts `tandem serve --db <db> --port 0` and waits for the URL it prints. */
export async function startInstance(db: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['bin/tandem.mjs', 'serve', '--db', db, '--port', '0'], {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    lines.on('line', (line) => {
      const match = /collector at http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`tandem serve exited (${code}) before listening: ${stderr}`)),
    );
  });
  return { child, port };
}

export async function stopInstance(instance: Instance, signal: NodeJS.Signals): Promise<void> {
  const { child } = instance;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

export interface Cluster {
  url: string;
  /** Which instance served how many requests. */
  served: number[];
  kill(index: number): Promise<void>;
  restart(index: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(db: string, count: number, env: Record<string, string>): Promise<Cluster> {
  const instances: Array<Instance | undefined> = [];
  for (let i = 0; i < count; i++) instances.push(await startInstance(db, env));
  const served = instances.map(() => 0);
  let next = 0;

  /** Forwards to the next instance; a connection error moves on to the one after (bodies are small). */
  const forward = async (
    method: string,
    path: string,
    headers: Record<string, string | string[]>,
    body: Buffer,
  ) => {
    for (let tries = 0; tries < count * 2; tries++) {
      const index = next++ % count;
      const target = instances[index];
      if (!target) continue;
      const answer = await new Promise<
        { status: number; headers: Record<string, unknown>; body: Buffer } | undefined
      >((resolve) => {
        const out = request({ host: '127.0.0.1', port: target.port, method, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', () => resolve(undefined));
        });
        out.on('error', () => resolve(undefined));
        out.end(body);
      });
      if (answer) {
        served[index]! += 1;
        return { ...answer, index };
      }
    }
    return undefined;
  };

  const proxy: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers } as Record<string, string | string[]>;
      delete headers.connection;
      void forward(req.method ?? 'GET', req.url ?? '/', headers, Buffer.concat(chunks)).then((answer) => {
        if (!answer) return void res.writeHead(502).end();
        const out = { ...answer.headers, 'x-tandem-instance': String(answer.index) } as Record<
          string,
          string
        >;
        delete out['transfer-encoding'];
        delete out.connection;
        res.writeHead(answer.status, out).end(answer.body);
      });
    });
  });
  proxy.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    served,
    async kill(index) {
      const instance = instances[index];
      instances[index] = undefined;
      if (instance) await stopInstance(instance, 'SIGKILL');
    },
    async restart(index) {
      instances[index] = await startInstance(db, env);
    },
    async close() {
      await Promise.all(instances.map((i) => i && stopInstance(i, 'SIGTERM')));
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
