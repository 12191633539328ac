/**
 * An unexpected error as the operator's log shows it: its kind, message and stack, so it can be
 * found and fixed, with the secrets the process knows and anything shaped like customer data
 * (e-mail addresses, IP addresses, SHA-256 digests of match keys) replaced.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const DIGEST = /\b[a-f0-9]{64}\b/gi;

export function describeError(error: unknown, secrets: ReadonlyArray<string | undefined> = []): string {
  let text = `${typeof error}: ${String(error)}`;
  if (error instanceof Error) {
    const head = `${error.name}: ${error.message}`;
    text = error.stack?.includes(error.message) ? error.stack : `${head}\n${error.stack ?? ''}`;
  }
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...secrets]
    .filter((s): s is string => !!s && s.length >= 4)
    .sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('[secret]');
  }
  return out.replace(EMAIL, '[email]').replace(IPV4, '[ip]').replace(DIGEST, '[digest]');
}
