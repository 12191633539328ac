import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { literals, runCommands, shownCommands } from './commands.js';
import { listFiles } from './links.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const markdown = listFiles(root, /\.md$/);
/** Where commands are run: every test and spec (e2e's support runs them), and the CI script. */
const tests = listFiles(root, /\.(test|spec)\.(ts|mjs)$/).filter((file) => !file.startsWith('docs/'));
const run = runCommands(root, [...tests, 'docs/commands-run.test.ts'], ['.ci/run']);

describe('the commands the Markdown shows', () => {
  it('are each run, exactly as written, by a test or by CI', () => {
    const untested = markdown.flatMap((file) =>
      shownCommands(readFileSync(join(root, file), 'utf8'))
        .filter((command) => !run.has(command))
        .map((command) => `${file}: ${command}`),
    );
    expect(untested).toEqual([]);
  });
});

describe('the command checks themselves', () => {
  it('find shell block lines and command-like inline spans, without comments or prompts', () => {
    const text = [
      'Run `npx --yes pnpm@10 demo`, or `PORT=0 node x.mjs`; `tandem.json` is a file.',
      '```sh',
      '$ npx --yes pnpm@10 test    # everything',
      '# a comment',
      'curl -d \'{"a":',
      "  1}' \\",
      '  https://example.com',
      '```',
      '```js',
      "node('not a command')",
      '```',
    ].join('\n');
    expect(shownCommands(text)).toEqual([
      'npx --yes pnpm@10 test',
      'curl -d \'{"a": 1}\' https://example.com',
      'npx --yes pnpm@10 demo',
      'PORT=0 node x.mjs',
    ]);
  });

  it('count a literal in code as run, never one in a comment', () => {
    const source = [
      "// 'npx in a comment'",
      '/** `node also.mjs` */',
      "startGroup('npx --yes pnpm@10 demo', REPO);",
      'const url = "https://example.com"; // `node x.mjs`',
    ].join('\n');
    expect(literals(source)).toEqual(['npx --yes pnpm@10 demo', 'https://example.com']);
  });
});
