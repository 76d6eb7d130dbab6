/**
 * Which directories of a monorepo are its workspace packages: the globs the root declares (package.json
 * `workspaces`, as an array or `{ packages }`; pnpm-workspace.yaml `packages:`; lerna.json `packages`),
 * expanded through the project's file system (`packages/*`, `apps/**`, `{a,b}`, negations such as `!packages/legacy`).
 */
import * as path from 'node:path';
import type { FileSystem } from './file-system';

/** The files whose content decides the workspace packages (with every package's package.json). */
export const workspaceFileNames = ['package.json', 'pnpm-workspace.yaml', 'lerna.json'];

/** Directories listed while expanding one workspace's globs, at most: `**` in a large tree stays bounded. */
const maxListedDirectories = 5_000;

/** The globs `dir` declares as a workspace root, in declaration order; undefined when it declares none. */
export function workspaceGlobs(dir: string, files: FileSystem): string[] | undefined {
  let declared = false;
  const globs: string[] = [];
  const add = (list: unknown) => {
    if (!Array.isArray(list)) return;
    declared = true;
    for (const item of list) if (typeof item === 'string') globs.push(item);
  };
  const manifest = parseJson(files.readText(path.join(dir, 'package.json')));
  const workspaces = manifest?.workspaces;
  add(Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages);
  const pnpm = files.readText(path.join(dir, 'pnpm-workspace.yaml'));
  if (pnpm !== undefined) add(yamlPackagesList(pnpm) ?? []);
  add(parseJson(files.readText(path.join(dir, 'lerna.json')))?.packages);
  return declared ? globs : undefined;
}

/** A JSON object's fields, or undefined when the text is absent or not a JSON object. */
export function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The top-level `packages:` list of a pnpm-workspace.yaml: a block list (`- 'packages/*'`, comments allowed)
 * or a flow list (`packages: ['a', "b"]`). Only this key is read, so a tiny reader does instead of a YAML parser.
 */
export function yamlPackagesList(text: string): string[] | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (start < 0) return undefined;
  const inline = stripComment(lines[start].slice(lines[start].indexOf(':') + 1)).trim();
  if (inline.startsWith('[')) {
    const body = inline.slice(1, inline.lastIndexOf(']') < 0 ? undefined : inline.lastIndexOf(']'));
    return body.split(',').map(unquote).filter((item) => item !== '');
  }
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const content = stripComment(line);
    if (content.trim() === '') continue;
    if (!/^\s/.test(content) && !content.startsWith('-')) break;
    const item = /^\s*-\s*(.*)$/.exec(content);
    if (!item) break;
    items.push(unquote(item[1]));
  }
  return items.filter((item) => item !== '');
}

function stripComment(line: string): string {
  // A `#` starts a comment outside quotes (at the start or after a space).
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote) quote = char === quote ? undefined : quote;
    else if (char === "'" || char === '"') quote = char;
    else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]))) return line.slice(0, index);
  }
  return line;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^(['"])(.*)\1$/.exec(trimmed);
  return quoted ? quoted[2] : trimmed;
}

/** The directories under `root` the globs name that hold a package.json, negations applied, in a stable order. */
export function expandWorkspaceGlobs(root: string, globs: readonly string[], files: FileSystem): string[] {
  const budget = { directories: maxListedDirectories };
  const found = new Set<string>();
  const excluded: RegExp[] = [];
  for (const glob of globs.flatMap(expandBraces)) {
    const negated = glob.startsWith('!');
    const pattern = normalizeGlob(negated ? glob.slice(1) : glob);
    if (pattern === '') continue;
    if (negated) excluded.push(globRegExp(pattern));
    else walk(root, pattern.split('/'), 0, files, budget, found);
  }
  return [...found]
    .filter((dir) => !excluded.some((regex) => regex.test(path.relative(root, dir).split(path.sep).join('/'))))
    .filter((dir) => files.exists(path.join(dir, 'package.json')));
}

function normalizeGlob(glob: string): string {
  return glob
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/package\.json$/, '')
    .replace(/\/+$/, '');
}

/** `packages/{a,b}/*` → `packages/a/*`, `packages/b/*` (one level of braces, enough for workspace lists). */
function expandBraces(glob: string): string[] {
  const match = /\{([^{}]*)\}/.exec(glob);
  if (!match) return [glob];
  return match[1].split(',').flatMap((choice) => expandBraces(glob.slice(0, match.index) + choice + glob.slice(match.index + match[0].length)));
}

const isLiteral = (segment: string) => !/[*?[]/.test(segment);

function walk(dir: string, segments: readonly string[], index: number, files: FileSystem, budget: { directories: number }, found: Set<string>): void {
  if (index === segments.length) {
    found.add(dir);
    return;
  }
  const segment = segments[index];
  if (segment === '..' || segment === '.') return;
  if (isLiteral(segment)) {
    const next = path.join(dir, segment);
    if (files.exists(next)) walk(next, segments, index + 1, files, budget, found);
    return;
  }
  if (budget.directories <= 0) return;
  budget.directories--;
  // `*` and `**` never enter node_modules or dot directories (pnpm and npm skip them too).
  const children = (files.directories?.(dir) ?? []).filter((name) => name !== 'node_modules' && !name.startsWith('.'));
  if (segment === '**') {
    walk(dir, segments, index + 1, files, budget, found);
    for (const child of children) walk(path.join(dir, child), segments, index, files, budget, found);
    return;
  }
  const regex = new RegExp(`^${segmentSource(segment)}$`);
  for (const child of children) if (regex.test(child)) walk(path.join(dir, child), segments, index + 1, files, budget, found);
}

function segmentSource(segment: string): string {
  return segment.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
}

/** A whole-path glob (`**` spans directories) as a regular expression over `/`-separated relative paths. */
export function globRegExp(pattern: string): RegExp {
  const segments = pattern.split('/');
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') source += index === 0 ? (last ? '.*' : '(?:.*/)?') : '(?:/.*)?';
    else source += (index === 0 || (index === 1 && segments[0] === '**') ? '' : '/') + segmentSource(segment);
  });
  return new RegExp(`^${source}$`);
}
