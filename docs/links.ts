/**
 * The repository's documentation checks, as pure functions over file text: relative links in
 * Markdown (file and `#anchor`), repository paths cited in source comments, and citations that
 * point outside the repository. `links.test.ts` runs them over every file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  '.git',
  'test-results',
  'playwright-report',
  'artifacts',
  '.tandem',
]);
export const SOURCE_EXT = /\.(ts|tsx|mjs|cjs|js|lua)$/;

/** Every file under `root` whose name matches `pattern`, as paths relative to `root`. */
export function listFiles(root: string, pattern: RegExp, dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(root, pattern, path));
    else if (pattern.test(entry.name)) out.push(relative(root, path));
  }
  return out.sort();
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Markdown text without fenced code blocks and inline code spans (links there are examples). */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The anchors of a Markdown file's headings, duplicates numbered as GitHub numbers them. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const headings = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`/g, '');
  for (const [, text] of headings.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(text!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Link targets of a Markdown text: inline `[text](target)` and reference `[id]: target`. */
export function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const refs = [...text.matchAll(/^\s*\[[^\]]+\]:\s+<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...refs];
}

/** Problems with the relative links of the Markdown file `file` (relative to `root`). */
export function checkMarkdown(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const problems: string[] = [];
  for (const target of linkTargets(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path = '', anchor] = target.split('#');
    const resolved = path === '' ? join(root, file) : resolve(dirname(join(root, file)), decodeURI(path));
    if (!existsSync(resolved)) {
      problems.push(`${file}: link to ${target}: no such file`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
      problems.push(`${file}: link to ${target}: an anchor on a file that is not Markdown`);
      continue;
    }
    if (!anchors(readFileSync(resolved, 'utf8')).has(anchor))
      problems.push(`${file}: link to ${target}: no heading with that anchor`);
  }
  return problems;
}

/** The comments of a source file: `// ...` lines and `/* ... *\/` blocks (`--` lines in Lua). */
export function comments(source: string, lua = false): string[] {
  if (lua) return [...source.matchAll(/--(.*)$/gm)].map((m) => m[1]!);
  const out: string[] = [];
  // A `//` right after `:` is a URL's scheme, not a comment.
  for (const m of source.matchAll(/\/\*[\s\S]*?\*\/|(?<![:\\'"`])\/\/(.*)$/gm)) out.push(m[0]);
  return out;
}

/** The nearest folder at or above `file`'s folder (inside `root`) with a package.json. */
function packageRoot(root: string, file: string): string {
  let dir = dirname(join(root, file));
  while (dir.startsWith(root) && dir !== root) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return root;
}

const MARKDOWN_CITE = /(?<![\w/.-])([\w./-]*[\w-]\.md)\b/g;
const PATH_CITE = /(?<![\w/.-])((?:packages|e2e|docs|src|bench|scripts)\/[\w.@/-]*[\w/])/g;
/** Output folders a comment may name although they exist only after a run. */
const GENERATED = /(^|\/)(dist|artifacts|test-results|playwright-report|\.tandem)(\/|$)/;
const OUTSIDE = [
  { pattern: /\bissues?\s+#?\d+/i, what: 'an issue number' },
  { pattern: /(^|[\s(])#\d+\b/, what: 'an issue number' },
  { pattern: /\.\.\/shared\b|\/work\//, what: 'a path outside the repository' },
];

/** Citations in `text` (a comment or a Markdown file) of issue numbers or paths outside the repo. */
export function outsideCitations(text: string): string[] {
  return [...new Set(OUTSIDE.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what))];
}

/**
 * Problems with the paths cited in the comments of the source file `file`: a Markdown file must
 * exist relative to the repository root, the file's folder or its package; a path starting with
 * `packages/`, `e2e/` or `docs/` must exist from the root, and one starting with `src/`, `bench/`
 * or `scripts/` from the file's package.
 */
export function checkSource(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const pkg = packageRoot(root, file);
  const bases = [root, dirname(join(root, file)), pkg];
  const problems: string[] = [];
  for (const comment of comments(text, file.endsWith('.lua'))) {
    for (const what of outsideCitations(comment)) problems.push(`${file}: a comment cites ${what}`);
    for (const [, cited] of comment.matchAll(MARKDOWN_CITE)) {
      if (!bases.some((base) => existsSync(resolve(base, cited!))))
        problems.push(`${file}: a comment cites ${cited}, which is not in the repository`);
    }
    for (const [, cited] of comment.matchAll(PATH_CITE)) {
      if (cited!.endsWith('.md') || GENERATED.test(cited!)) continue;
      const base = /^(packages|e2e|docs)\//.test(cited!) ? root : pkg;
      if (!existsSync(resolve(base, cited!)))
        problems.push(`${file}: a comment cites ${cited}, which does not exist`);
    }
  }
  return problems;
}
