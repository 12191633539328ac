/**
 * Every value a Cookie header carries for one name. A browser sends two cookies of one name when
 * their domains differ: an older tag wrote `_tdm_sl` on the shop's registrable domain, and the
 * collector writes it host-only. hono's cookie parser keeps only the first copy, which is then the
 * stale one: browsers send cookies of the same path oldest-created first, and the collector's copy
 * is created after the tag's (an older tag deletes the host-only copy before it writes its own).
 */

/** Copies kept: one per domain a shop could have used, with room to spare. */
const MAX_COPIES = 4;

/** The raw (still URL-encoded) values of `name`, newest first. */
export function cookieCopies(header: string | undefined, name: string): string[] {
  if (!header?.includes(name)) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    values.push(
      value.length > 1 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value,
    );
  }
  return values.reverse().slice(0, MAX_COPIES);
}
