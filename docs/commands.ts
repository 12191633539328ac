/**
 * The shell commands the Markdown shows, and the commands the tests run. A command is shown by a
 * line of a `sh`, `bash`, `shell` or `console` block, or by an inline code span that starts with a
 * program a reader would type (`npx`, `pnpm`, `node`, `cd`, `curl`, `apt-get`, … or `NAME=value`
 * before one). A command is run when a test file holds it, exactly, as a whole string literal
 * outside comments, or the CI script as a line. `commands.test.ts` checks that every shown command
 * is run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SHELL_BLOCK = /^```(?:sh|bash|shell|console)[ \t]*\n([\s\S]*?)^```/gm;
const PROGRAM =
  /^(?:[A-Z][A-Z0-9_]*=\S+\s+)*(?:npx|pnpm|node|tsx|cd|export|curl|wget|git|docker|bash|sh|sudo|apt-get|apt|openssl)\s/;

/** One shell line as run: no prompt, no trailing `# comment`, spaces collapsed. */
function normalize(line: string): string {
  return line
    .replace(/^\$\s+/, '')
    .replace(/\s+#\s.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The command of one shell line, if it is not blank or a comment. */
function commandsOf(line: string): string[] {
  const command = normalize(line);
  return command === '' || command.startsWith('#') ? [] : [command];
}

/** Shell lines, joined where a line ends in `\` or inside an open single-quoted string. */
function joinLines(body: string): string[] {
  const out: string[] = [];
  let open = '';
  for (const line of body.split('\n')) {
    open = open === '' ? line : `${open} ${line.trim()}`;
    if (open.endsWith('\\')) {
      open = open.slice(0, -1);
    } else if ((open.match(/'/g) ?? []).length % 2 === 0) {
      out.push(open);
      open = '';
    }
  }
  if (open !== '') out.push(open);
  return out;
}

/** The commands a Markdown text shows: shell block lines and command-like inline code spans. */
export function shownCommands(markdown: string): string[] {
  const out: string[] = [];
  for (const [, body] of markdown.matchAll(SHELL_BLOCK)) out.push(...joinLines(body!).flatMap(commandsOf));
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, span] of prose.matchAll(/`([^`\n]+)`/g)) {
    if (PROGRAM.test(span!)) out.push(...commandsOf(span!));
  }
  return out;
}

/** The whole string literals ('…', "…", `…` without `${`) of a source text, outside comments. */
export function literals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\/|(?<![:\\'"`])\/\/.*$/gm, '');
  const found = code.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`([^`$\n]*)`/g);
  return [...found].map((m) => normalize(m[1] ?? m[2] ?? m[3] ?? ''));
}

/** The commands run by the given test files (their string literals) and shell scripts (lines). */
export function runCommands(root: string, tests: string[], scripts: string[]): Set<string> {
  const out = new Set<string>();
  for (const file of tests) for (const s of literals(readFileSync(join(root, file), 'utf8'))) out.add(s);
  for (const file of scripts) {
    for (const line of readFileSync(join(root, file), 'utf8').split('\n')) {
      for (const command of commandsOf(line)) out.add(command);
    }
  }
  return out;
}
