/**
 * Repeated identical errors are logged once per interval with a count: a failing disk under load
 * fails thousands of writes a second, and a line for each buries everything else in the log. The
 * first occurrence is logged at once; the ones after it, until the interval ends, as one line then.
 */
export interface ThrottledLog {
  (key: string, line: string): void;
}

export function throttledLog(
  intervalMs: number,
  write: (line: string) => void = (line) => console.error(line),
): ThrottledLog {
  const open = new Map<string, { line: string; count: number }>();
  return (key, line) => {
    const seen = open.get(key);
    if (seen) {
      seen.count++;
      seen.line = line;
      return;
    }
    write(line);
    const entry = { line, count: 0 };
    open.set(key, entry);
    const timer = setTimeout(() => {
      open.delete(key);
      if (entry.count > 0)
        write(`${entry.line} (${entry.count} more like it in the last ${Math.round(intervalMs / 1000)} s)`);
    }, intervalMs);
    (timer as { unref?: () => void }).unref?.();
  };
}
