/**
 * The one rule for `X-Forwarded-*` headers: believed only when the shop said a proxy sets them
 * (`trustProxy`), and then only their last entry, the one the proxy in front of the collector
 * wrote. The entries before it are whatever reached that proxy: a proxy that appends rather than
 * replaces keeps what the client wrote there, so a first entry is anyone's to choose.
 */

/** The last comma-separated entry of a header's value, trimmed; undefined when empty. */
export function lastEntry(value: string | null | undefined): string | undefined {
  return value?.split(',').pop()?.trim() || undefined;
}

/** A forwarded header's value as the trusted proxy wrote it; undefined without `trustProxy`. */
export function trustedForwarded(value: string | null | undefined, trustProxy: boolean): string | undefined {
  return trustProxy ? lastEntry(value) : undefined;
}
