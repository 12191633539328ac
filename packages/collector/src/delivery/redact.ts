/**
 * The one redaction every platform answer and error message goes through before it is stored
 * (an outbox row's reason, a destination's `pausedReason`), logged or shown. Platforms echo what
 * they were sent (`invalid token <token>`, a URL with `access_token=` in a network error), so it
 * removes the destination's own tokens wherever they appear, and anything shaped like a token
 * whoever's it is.
 */

export const REDACTED = '[redacted]';

/** Token shapes, each replaced whole (the `prefix` group, when there is one, is kept). */
const SHAPES: RegExp[] = [
  // `access_token=...`, `"access_token":"..."`, `X-Shop-API-Key: ...` and the like
  /(?<prefix>(?:access_token|api[_-]?key|token|secret|password|authorization)["']?\s*[:=]\s*["']?(?:(?:Bearer|Token|Basic)\s+)?)[^\s"'&,;}\]]{8,}/gi,
  /(?<prefix>\b(?:Bearer|Token|Basic)\s+)[\w.~+/=-]{8,}/g,
  // Meta access tokens
  /\bEAA[A-Za-z0-9]{16,}/g,
  // Google OAuth access tokens, refresh tokens and client secrets
  /\bya29\.[\w.-]{8,}/g,
  /\b1\/\/[\w-]{8,}/g,
  /\bGOCSPX-[\w-]{8,}/g,
  // JWTs
  /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g,
  // API keys written with a kind prefix (`sk_live_...`, `sk_...`)
  /\b(?:sk|pk|rk)_[\w-]{8,}/g,
  // long hex (keys, signatures; SHA-256 digests go too, which costs nothing in a reason)
  /\b[0-9a-fA-F]{32,}\b/g,
];

/** Long base64 or base64url runs with upper case, lower case and digits: keys, not words or paths. */
const BASE64ISH = /[A-Za-z0-9+/_-]{32,}={0,2}/g;
const mixed = (s: string) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s);

/**
 * `text` with every one of `secrets` (as written, URL-encoded or JSON-escaped) and every token shape
 * replaced by `[redacted]`.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
    for (const form of forms) out = out.split(form).join(REDACTED);
  }
  for (const shape of SHAPES)
    out = out.replace(shape, (...args) => {
      const groups = args.at(-1) as { prefix?: string } | undefined;
      return `${groups?.prefix ?? ''}${REDACTED}`;
    });
  return out.replace(BASE64ISH, (run) => (mixed(run) ? REDACTED : run));
}
