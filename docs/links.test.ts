import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  anchors,
  checkMarkdown,
  checkSource,
  listFiles,
  outsideCitations,
  slug,
  SOURCE_EXT,
} from './links.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const markdown = listFiles(root, /\.md$/);
// This file's fixtures are comments that cite missing paths on purpose.
const sources = listFiles(root, SOURCE_EXT).filter((file) => file !== 'docs/links.test.ts');

describe('the repository documentation', () => {
  it('finds the Markdown and the sources it checks', () => {
    expect(markdown).toContain('ARCHITECTURE.md');
    expect(markdown).toContain('docs/platforms.md');
    expect(sources).toContain('packages/collector/src/app.ts');
  });

  it('has no relative link to a missing file or heading', () => {
    expect(markdown.flatMap((file) => checkMarkdown(root, file))).toEqual([]);
  });

  it('cites in source comments only paths that exist, and no issue or outside path', () => {
    expect(sources.flatMap((file) => checkSource(root, file))).toEqual([]);
  });

  it('cites no issue number or outside path in Markdown', () => {
    const found = markdown.flatMap((file) =>
      outsideCitations(readFileSync(join(root, file), 'utf8')).map((what) => `${file}: ${what}`),
    );
    expect(found).toEqual([]);
  });

  it('keeps ARCHITECTURE.md at most 12 KB', () => {
    expect(statSync(join(root, 'ARCHITECTURE.md')).size).toBeLessThanOrEqual(12_288);
  });
});

describe('the checks themselves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it('slugs headings as GitHub does', () => {
    expect(slug('Trust, privacy, errors')).toBe('trust-privacy-errors');
    expect(slug('Retry timing (src/delivery/backoff.ts)')).toBe('retry-timing-srcdeliverybackoffts');
    expect(slug('Exactly once where the platform does not dedup')).toBe(
      'exactly-once-where-the-platform-does-not-dedup',
    );
    expect([...anchors('# A\n## A\n```\n# not a heading\n```\n### `jsonBody(schema)`\n')]).toEqual([
      'a',
      'a-1',
      'jsonbodyschema',
    ]);
  });

  it('reports a missing file, a missing anchor and an anchor on a missing heading', () => {
    write('b.md', '# Title\n## Part two\n');
    write(
      'a.md',
      [
        '[ok](b.md) [ok](b.md#part-two) [ok](#here) [web](https://example.com/x.md)',
        '[gone](c.md) [bad](b.md#part-three) [self](#nowhere)',
        '```',
        '[in code](ignored.md)',
        '```',
        '[ref]: ./missing/file.ts',
        '## Here',
      ].join('\n'),
    );
    expect(checkMarkdown(dir, 'a.md')).toEqual([
      'a.md: link to c.md: no such file',
      'a.md: link to b.md#part-three: no heading with that anchor',
      'a.md: link to #nowhere: no heading with that anchor',
      'a.md: link to ./missing/file.ts: no such file',
    ]);
  });

  it('reports comments citing missing files, issue numbers and outside paths', () => {
    write('docs/platforms.md', '# Platforms\n');
    write('packages/p/package.json', '{}');
    write('packages/p/README.md', '# P\n');
    write('packages/p/src/here.ts', '');
    write(
      'packages/p/src/x.ts',
      [
        '/** Rules from docs/platforms.md and the README.md; see src/here.ts. */',
        "const url = 'https://example.com/design.md'; // platforms.md",
        '// as issue 6 asked (#12), see ../shared/design.md and packages/p/src/gone.ts',
      ].join('\n'),
    );
    expect(checkSource(dir, 'packages/p/src/x.ts')).toEqual([
      'packages/p/src/x.ts: a comment cites platforms.md, which is not in the repository',
      'packages/p/src/x.ts: a comment cites an issue number',
      'packages/p/src/x.ts: a comment cites a path outside the repository',
      'packages/p/src/x.ts: a comment cites ../shared/design.md, which is not in the repository',
      'packages/p/src/x.ts: a comment cites packages/p/src/gone.ts, which does not exist',
    ]);
  });
});
