/**
 * The benchmark corpus: real TypeScript source trees that npm packages ship, fetched with
 * `npm pack` at pinned versions into `.bench-cache/` (gitignored) and reused on later runs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A package whose published tarball contains its TypeScript sources. */
export interface CorpusPackage {
  name: string;
  version: string;
  /** Why it is in the corpus. */
  note: string;
}

/**
 * cloudflare: the Stainless-generated Cloudflare API client, an HTTP SDK (1,908 files, 578k lines:
 * many resource classes, long interfaces and doc comments). viem: hand-written library code
 * (1,494 files, 178k lines: encoders, actions, transports over fetch and WebSocket, chain tables).
 */
export const corpusPackages: readonly CorpusPackage[] = [
  { name: 'cloudflare', version: '7.3.0', note: 'generated HTTP API client (src/)' },
  { name: 'viem', version: '2.57.20', note: 'hand-written library code' },
];

/** The files of the corpus and their size. */
export interface Corpus {
  /** Directory that holds one extracted package per subdirectory. */
  root: string;
  /** Absolute paths of every .ts/.tsx file that is not a declaration file, sorted. */
  files: string[];
  lines: number;
  bytes: number;
  packages: readonly CorpusPackage[];
}

const cacheRoot = path.resolve(__dirname, '..', '..', '.bench-cache');
/** Written after a complete extraction, so an interrupted run is redone rather than trusted. */
const completeMarker = '.extracted';

/** Downloads and extracts what is missing, then lists and measures the source files. */
export function prepareCorpus(log: (line: string) => void): Corpus {
  fs.mkdirSync(cacheRoot, { recursive: true });
  const files: string[] = [];
  for (const pkg of corpusPackages) {
    const dir = ensureExtracted(pkg, log);
    files.push(...listSourceFiles(dir));
  }
  files.sort();
  let lines = 0;
  let bytes = 0;
  for (const file of files) {
    // Reading everything once also warms the OS page cache before the first timed phase.
    const text = fs.readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    lines += countLines(text);
  }
  return { root: cacheRoot, files, lines, bytes, packages: corpusPackages };
}

function ensureExtracted(pkg: CorpusPackage, log: (line: string) => void): string {
  const spec = `${pkg.name}@${pkg.version}`;
  const dir = path.join(cacheRoot, spec.replace('/', '+'));
  if (fs.existsSync(path.join(dir, completeMarker))) return dir;
  log(`downloading ${spec} into ${path.relative(process.cwd(), cacheRoot)}/ …`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const tarball = path.join(dir, npmPack(spec, dir));
  execFileSync('tar', ['-xzf', tarball, '-C', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.rmSync(tarball);
  fs.writeFileSync(path.join(dir, completeMarker), `${spec}\n`);
  return dir;
}

/** Runs `npm pack <spec>` (npm checks the tarball against the registry's integrity hash); returns the file name. */
function npmPack(spec: string, destination: string): string {
  // Without --json, stdout is just the tarball's name (--json would list every file it holds).
  const output = execFileSync('npm', ['pack', spec, '--pack-destination', destination], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    shell: process.platform === 'win32',
  });
  const filename = output.trim().split('\n').pop();
  if (!filename?.endsWith('.tgz')) throw new Error(`npm pack ${spec} printed no tarball name: ${output}`);
  return filename;
}

const sourceFile = /\.tsx?$/;
const declarationFile = /\.d\.tsx?$/;

function listSourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !sourceFile.test(entry.name) || declarationFile.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (!file.split(path.sep).includes('node_modules')) found.push(file);
  }
  return found;
}

function countLines(text: string): number {
  let lines = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}
