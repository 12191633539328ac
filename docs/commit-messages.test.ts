/**
 * The commit message rule in CONTRIBUTING.md: a subject of at most 72 characters, then a blank line
 * before the body. Checked for every commit after `RULE_FROM` (the last commit before this check);
 * older history stays as it was written. Skipped outside a git checkout, or in a shallow clone that
 * lacks `RULE_FROM`.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RULE_FROM = 'c500a010f318e61c72de01978ed751e1476cf321';
const MAX_SUBJECT = 72;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What is wrong with one commit message, or undefined. */
export function messageProblem(message: string): string | undefined {
  const [subject = '', second] = message.split('\n');
  if (subject.length > MAX_SUBJECT) return `subject is ${subject.length} characters (at most ${MAX_SUBJECT})`;
  if (subject.endsWith('.')) return 'subject ends with a period';
  if (second !== undefined && second !== '') return 'no blank line after the subject';
  return undefined;
}

function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

const hasHistory = git('cat-file', '-e', `${RULE_FROM}^{commit}`) !== undefined;

describe('commit messages', () => {
  it('the rule refuses long subjects, a period and a missing blank line', () => {
    expect(messageProblem('Add jsonBody middleware\n\nWhy it helps.')).toBeUndefined();
    expect(messageProblem(`Add ${'x'.repeat(69)}`)).toBe('subject is 73 characters (at most 72)');
    expect(messageProblem('Add a thing.')).toBe('subject ends with a period');
    expect(messageProblem('Add a thing\nwhy right below')).toBe('no blank line after the subject');
  });

  it.skipIf(!hasHistory)('every commit since the rule was checked follows it', () => {
    const log = git('log', '--format=%H%x00%B%x1e', `${RULE_FROM}..HEAD`) ?? '';
    const problems = log
      .split('\x1e')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .flatMap((entry) => {
        const [hash = '', message = ''] = entry.split('\0');
        const problem = messageProblem(message.trim());
        return problem ? [`${hash.slice(0, 10)}: ${problem}`] : [];
      });
    expect(problems).toEqual([]);
  });
});
