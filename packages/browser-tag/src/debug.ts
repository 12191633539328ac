/**
 * Debug logging. Call it only as `if (DEBUG) log(...)`: the production build defines DEBUG as
 * false, so esbuild drops the call and its arguments.
 */
export function log(...args: unknown[]): void {
  console.log('[tandem]', ...args);
}
