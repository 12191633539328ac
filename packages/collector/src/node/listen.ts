/**
 * What `tandem serve` and the demo say about the port they are asked to listen on: a value that is
 * not a port, and a port they cannot have. Both name the port and how to choose another, and
 * neither prints a stack trace.
 */
import { CliError } from './cli-error.js';

const HOW = 'choose another with PORT=<n> or --port <n> (0 picks a free one)';

/** `--port` or `PORT` (the flag first), or the default; a `CliError` when it is not a port. */
export function portFrom(flag: string | undefined, env: string | undefined, fallback: number): number {
  const [text, source] =
    flag !== undefined
      ? [flag, `--port ${flag}`]
      : env !== undefined
        ? [env, `PORT=${env}`]
        : [undefined, ''];
  if (text === undefined) return fallback;
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new CliError(`${source} is not a port. Fix: use a whole number from 0 to 65535; ${HOW}.`);
  }
  return port;
}

/** A `CliError` for a port that cannot be listened on, or undefined for any other error. */
export function listenError(error: unknown, port: number, host: string): CliError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new CliError(`port ${port} on ${host} is already in use. Fix: stop what uses it, or ${HOW}.`);
  }
  if (code === 'EACCES') {
    return new CliError(`port ${port} on ${host} needs privileges this process does not have. Fix: ${HOW}.`);
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new CliError(
      `${host} is not an address of this machine. Fix: use --host 127.0.0.1 (or HOST=), or another local address.`,
    );
  }
  return undefined;
}
