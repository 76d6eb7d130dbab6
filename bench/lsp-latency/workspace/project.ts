/**
 * Generates the editor-latency benchmark's workspace: a 1,000-file TypeScript service (shared HTTP
 * libraries plus 99 domain modules that import each other relatively) and the 3,000-line file the
 * benchmark edits. Deterministic: the same seed gives the same files. No node_modules: the analyzer
 * resolves `axios`, `p-limit` and `pg` syntactically.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientFile, type Domain, type DomainFlavour, repositoryFile, serviceFile, typesFile } from './domain';
import { eventsFile, handlersFile, indexFile, jobsFile, mapperFile, validatorsFile } from './domain-callers';
import { type EditorFile, generateEditorFile } from './editor-file';

/** The generated workspace. */
export interface LatencyProject {
  root: string;
  /** Every generated source file except the edited one (absolute paths). */
  files: string[];
  lines: number;
  bytes: number;
  /** The 3,000-line file the benchmark opens and edits. */
  editor: EditorFile & { path: string };
  /** Deletes the workspace. */
  remove(): void;
}

/** Source files besides the edited one. */
export const projectFileCount = 1000;
const libraryFiles = libraryTemplates();
const domainCount = (projectFileCount - Object.keys(libraryFiles).length) / 10;

const areas = ['billing', 'catalog', 'checkout', 'shipping', 'inventory', 'pricing', 'accounts', 'identity', 'search', 'reviews', 'payments'];
const things = ['orders', 'users', 'invoices', 'items', 'refunds', 'sessions', 'quotes', 'carts', 'tickets'];

/** Small, seeded PRNG (mulberry32): the project and the edit sequence are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pascal = (words: string[]): string => words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');

const workflowOperations = ['archive', 'restore', 'approve', 'reject', 'assign', 'escalate', 'lock', 'unlock', 'review', 'reopen', 'transfer', 'flag'];

/** Six to ten workflow operations, in a random order. */
function pickOperations(random: () => number): string[] {
  const shuffled = [...workflowOperations];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled.slice(0, 6 + Math.floor(random() * 5));
}

/** The 99 domains, each with the flavour of HTTP code its files get. */
export function domains(random: () => number): Domain[] {
  const clients: DomainFlavour['client'][] = ['axios-instance', 'fetch-wrapper', 'raw-fetch', 'axios'];
  const fanOuts: DomainFlavour['fanOut'][] = ['unbounded', 'p-limit', 'helper', 'sequential', 'chunked'];
  const result: Domain[] = [];
  for (let index = 0; index < domainCount; index++) {
    const words = [areas[index % areas.length], things[Math.floor(index / areas.length) % things.length]];
    result.push({
      index,
      slug: words.join('-'),
      camel: words[0] + pascal([words[1]]),
      pascal: pascal(words),
      flavour: {
        client: clients[Math.floor(random() * clients.length)],
        fanOut: fanOuts[Math.floor(random() * fanOuts.length)],
        clientPerRequest: random() < 0.08,
        retryWithoutBackoff: random() < 0.15,
      },
      operations: pickOperations(random),
    });
  }
  return result;
}

/** Writes the workspace into a new temporary directory. */
export function generateProject(seed = 1): LatencyProject {
  const random = seededRandom(seed);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-latency-'));
  const all = domains(random);
  const sources = new Map<string, string>();
  for (const [name, text] of Object.entries(libraryFiles)) sources.set(path.join(root, 'src', 'lib', name), text);
  for (const domain of all) {
    const neighbours = [all[(domain.index + 1) % all.length], all[(domain.index + 7) % all.length], all[(domain.index + 31) % all.length]];
    for (const [name, text] of Object.entries(domainFiles(domain, neighbours))) sources.set(path.join(root, 'src', 'modules', domain.slug, name), text);
  }
  const editor = generateEditorFile(all.filter((domain) => domain.index % 12 === 0), random);
  const editorPath = path.join(root, 'src', 'app', 'orchestrator.ts');
  fs.writeFileSync(path.join(root, 'package.json'), packageJson());
  fs.writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "strict": true, "target": "ES2022", "module": "Node16" }, "include": ["src"] }\n');
  let lines = 0;
  let bytes = 0;
  for (const [file, text] of [...sources, [editorPath, editor.text] as const]) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    lines += text.split('\n').length - 1;
    bytes += Buffer.byteLength(text);
  }
  if (sources.size !== projectFileCount) throw new Error(`generated ${sources.size} files, expected ${projectFileCount}`);
  return {
    root,
    files: [...sources.keys()].sort(),
    lines,
    bytes,
    editor: { ...editor, path: editorPath },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** File name → text for one domain; `neighbours` are the domains it imports from. */
function domainFiles(domain: Domain, neighbours: readonly Domain[]): Record<string, string> {
  return {
    'types.ts': typesFile(domain),
    'client.ts': clientFile(domain),
    'repository.ts': repositoryFile(domain),
    'service.ts': serviceFile(domain, neighbours),
    'handlers.ts': handlersFile(domain, neighbours),
    'jobs.ts': jobsFile(domain),
    'events.ts': eventsFile(domain, neighbours),
    'mapper.ts': mapperFile(domain),
    'validators.ts': validatorsFile(domain),
    'index.ts': indexFile(domain),
  };
}

function packageJson(): string {
  const manifest = {
    name: 'orders-platform',
    private: true,
    dependencies: { axios: '^1.7.0', 'p-limit': '^6.1.0', pg: '^8.12.0', express: '^4.21.0' },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** src/lib: the shared HTTP plumbing every domain imports. */
function libraryTemplates(): Record<string, string> {
  return {
    'config.ts': [
      '// Service configuration read once from the environment.',
      'export const config = {',
      "  baseUrl: process.env.UPSTREAM_URL ?? 'https://api.internal.example.com',",
      "  region: process.env.REGION ?? 'eu-west-1',",
      "  pageSize: Number(process.env.PAGE_SIZE ?? '100'),",
      "  requestTimeoutMs: Number(process.env.REQUEST_TIMEOUT_MS ?? '5000'),",
      '};',
      '',
    ].join('\n'),
    'http.ts': [
      '// The shared axios instance: one connection pool, one timeout for every module.',
      "import axios from 'axios';",
      "import { config } from './config';",
      '',
      'export const api = axios.create({ baseURL: config.baseUrl, timeout: config.requestTimeoutMs });',
      '',
      'api.interceptors.response.use(undefined, (error: unknown) => {',
      '  return Promise.reject(error);',
      '});',
      '',
    ].join('\n'),
    'fetch-json.ts': [
      '// JSON over fetch with a deadline; the one place that knows the upstream URL.',
      "import { config } from './config';",
      "import { HttpError } from './errors';",
      '',
      'async function send(path: string, init: RequestInit = {}): Promise<Response> {',
      '  const res = await fetch(`${config.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(config.requestTimeoutMs) });',
      '  if (!res.ok) {',
      '    await res.body?.cancel();',
      '    throw new HttpError(res.status, path);',
      '  }',
      '  return res;',
      '}',
      '',
      'export async function getJson<T>(path: string): Promise<T> {',
      '  const res = await send(path);',
      '  return (await res.json()) as T;',
      '}',
      '',
      'export async function postJson<T>(path: string, body: unknown): Promise<T> {',
      "  const res = await send(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });",
      '  return (await res.json()) as T;',
      '}',
      '',
    ].join('\n'),
    'retry.ts': [
      '// Retries with exponential backoff and full jitter.',
      'export async function withRetry<T>(operation: () => Promise<T>, attempts = 3): Promise<T> {',
      '  for (let attempt = 1; ; attempt++) {',
      '    try {',
      '      return await operation();',
      '    } catch (error) {',
      '      if (attempt >= attempts) throw error;',
      '      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, 100 * 2 ** attempt)));',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
    'limit.ts': ["// One limiter for calls to the upstream API.", "import pLimit from 'p-limit';", '', 'export const limit = pLimit(8);', ''].join('\n'),
    'resilient-http.ts': [
      '// Stand-in for the helper the quick fixes insert: bounded concurrency.',
      'export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {',
      '  const results: R[] = new Array(items.length);',
      '  let next = 0;',
      '  const worker = async () => {',
      '    while (next < items.length) {',
      '      const index = next++;',
      '      results[index] = await fn(items[index]);',
      '    }',
      '  };',
      '  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));',
      '  return results;',
      '}',
      '',
    ].join('\n'),
    'errors.ts': [
      '// Errors the HTTP layer throws.',
      'export class HttpError extends Error {',
      '  constructor(',
      '    readonly status: number,',
      '    readonly path: string,',
      '  ) {',
      '    super(`HTTP ${status} from ${path}`);',
      '  }',
      '}',
      '',
    ].join('\n'),
    'logger.ts': [
      '// Structured logging to stdout.',
      "type Level = 'debug' | 'info' | 'warn' | 'error';",
      'function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {',
      '  process.stdout.write(`${JSON.stringify({ level, message, time: new Date().toISOString(), ...fields })}\\n`);',
      '}',
      'export const logger = {',
      "  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),",
      "  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),",
      "  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),",
      "  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),",
      '};',
      '',
    ].join('\n'),
    'metrics.ts': [
      '// Latency histograms, flushed by the metrics job.',
      'const histograms = new Map<string, number[]>();',
      'export const metrics = {',
      '  observe(name: string, ms: number): void {',
      '    const values = histograms.get(name) ?? [];',
      '    values.push(ms);',
      '    histograms.set(name, values);',
      '  },',
      '  drain(): Map<string, number[]> {',
      '    const copy = new Map(histograms);',
      '    histograms.clear();',
      '    return copy;',
      '  },',
      '};',
      '',
    ].join('\n'),
    'ids.ts': [
      '// Helpers for id lists.',
      'export function chunk<T>(items: readonly T[], size: number): T[][] {',
      '  const batches: T[][] = [];',
      '  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));',
      '  return batches;',
      '}',
      '',
      'export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));',
      '',
    ].join('\n'),
  };
}
