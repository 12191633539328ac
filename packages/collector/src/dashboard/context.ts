/** What every dashboard route shares: its dependencies, session keys and the login limiter. */
import type { Context } from 'hono';
import type { FailureLimiter } from './auth/limiter.js';
import type { Session, SessionKeys } from './auth/session.js';
import type { DashboardDeps } from './ports.js';

/** A posted form as `parseBody({ all: true })` reads it: repeated fields become arrays. */
export type Form = Record<string, string | File | Array<string | File>>;

export type DashboardEnv = { Variables: { session: Session; form: Form } };

export interface DashboardContext {
  deps: DashboardDeps;
  base: string;
  now: () => number;
  keys: Promise<SessionKeys>;
  limiter: FailureLimiter;
  clientKey: (c: Context) => string;
  secure: (c: Context) => boolean;
}

export const SESSION_COOKIE = 'tdm_admin';
export const LOGIN_COOKIE = 'tdm_admin_login';

/** Reads one form field as a string ('' when absent or a file). */
export function field(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/** Reads a repeated form field (`name[]` or repeated `name`) as strings. */
export function fields(form: Record<string, unknown>, name: string): string[] {
  const value = form[name] ?? form[`${name}[]`];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => (typeof v === 'string' ? v : ''));
}
