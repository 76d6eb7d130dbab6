/**
 * The 3,000-line file the editor-latency benchmark opens and edits: an orchestration module that
 * imports services, clients and the shared HTTP plumbing of several domains. Every function has
 * one "slot" line the benchmark rewrites; some rewrites change the findings (a timeout or a limiter
 * removed or restored), others do not (a constant, another timeout value).
 */
import type { Domain } from './domain';

/** A line the benchmark may replace, and the statements it may put there. */
export interface EditSlot {
  /** Zero-based line number in the file. */
  line: number;
  /** Whole-line alternatives; the file starts with the first. */
  variants: string[];
}

/** The generated file. */
export interface EditorFile {
  text: string;
  lines: number;
  slots: EditSlot[];
}

/** One function of the file; `slot` is the index of its slot line within `lines`. */
interface FunctionText {
  lines: string[];
  slot: number;
  variants: string[];
}

/** Lines in the generated file. */
export const editorFileLines = 3000;

type Template = (index: number, domain: Domain, random: () => number) => FunctionText;

/** Builds the file from the domains it imports. */
export function generateEditorFile(imported: readonly Domain[], random: () => number): EditorFile {
  const lines = header(imported);
  const slots: EditSlot[] = [];
  const templates: Template[] = [directFetch, tileFanOut, axiosQuotes, notifyLoop, namespaceFanOut, pureScoring];
  for (let index = 0; ; index++) {
    const fn = startOnRandomVariant(templates[index % templates.length](index, imported[index % imported.length], random), random);
    if (lines.length + fn.lines.length + 1 > editorFileLines - 12) break;
    slots.push({ line: lines.length + fn.slot, variants: fn.variants });
    lines.push(...fn.lines, '');
  }
  lines.push('/** Route names of the orchestration steps, for the admin page. */', 'export const stepNames: Record<number, string> = {');
  for (let step = 0; lines.length < editorFileLines - 1; step++) lines.push(`  ${step}: 'step-${step}',`);
  lines.push('};');
  return { text: `${lines.join('\n')}\n`, lines: lines.length, slots };
}

/** Starts a slot on a random variant, so that the file opens with some findings and some clean code. */
function startOnRandomVariant(fn: FunctionText, random: () => number): FunctionText {
  const first = Math.floor(random() * fn.variants.length);
  const variants = [...fn.variants.slice(first), ...fn.variants.slice(0, first)];
  const lines = [...fn.lines];
  lines[fn.slot] = variants[0];
  return { lines, slot: fn.slot, variants };
}

function header(imported: readonly Domain[]): string[] {
  const lines = [
    '// Orchestration of the nightly and on-demand workflows across domains.',
    "import axios from 'axios';",
    "import { config } from '../lib/config';",
    "import { HttpError } from '../lib/errors';",
    "import { limit } from '../lib/limit';",
    "import { logger } from '../lib/logger';",
    "import { metrics } from '../lib/metrics';",
    "import { mapLimit } from '../lib/resilient-http';",
    "import { withRetry } from '../lib/retry';",
  ];
  for (const domain of imported) {
    lines.push(`import { load${domain.pascal}, loadMany${domain.pascal} } from '../modules/${domain.slug}/service';`);
    lines.push(`import { notify${domain.pascal}, fetch${domain.pascal} } from '../modules/${domain.slug}/client';`);
    lines.push(`import * as ${domain.camel} from '../modules/${domain.slug}';`);
  }
  lines.push('', 'interface Quote {', '  symbol: string;', '  price: number;', '  at: string;', '}', '');
  return lines;
}

const withSlot = (before: string[], variants: string[], after: string[]): FunctionText => ({
  lines: [...before, variants[0], ...after],
  slot: before.length,
  variants,
});

const directFetch: Template = (index) =>
  withSlot(
    [
      '/**',
      ` * Refreshes projection ${index} of one tenant.`,
      ' * The upstream answers with the items changed since the last run.',
      ' */',
      `export async function refreshProjection${index}(tenantId: string): Promise<number> {`,
      `  const url = \`\${config.baseUrl}/tenants/\${tenantId}/projection-${index}\`;`,
      '  const started = Date.now();',
      `  logger.debug('refresh start', { tenantId, step: ${index} });`,
    ],
    [
      '  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });',
      '  const res = await fetch(url);',
      '  const res = await fetch(url, { signal: AbortSignal.timeout(8_000) });',
    ],
    [
      '  if (!res.ok) {',
      '    await res.body?.cancel();',
      '    throw new HttpError(res.status, url);',
      '  }',
      '  const body = (await res.json()) as { items: Array<{ id: string; total: number }> };',
      '  let total = 0;',
      '  for (const item of body.items) {',
      '    if (item.total < 0) continue;',
      '    total += item.total;',
      '  }',
      `  metrics.observe('projection_${index}', Date.now() - started);`,
      `  logger.debug('refresh done', { tenantId, step: ${index}, total });`,
      '  return total;',
      '}',
    ],
  );

const tileFanOut: Template = (index, { pascal }) =>
  withSlot(
    [
      `/** Loads the records behind dashboard tile ${index}. */`,
      `export async function hydrateTile${index}(ids: string[]) {`,
      '  if (ids.length === 0) return [];',
      '  const unique = [...new Set(ids)];',
      `  logger.debug('hydrate tile', { tile: ${index}, count: unique.length });`,
    ],
    [
      `  const records = await Promise.all(unique.map((id) => limit(() => load${pascal}(id))));`,
      `  const records = await Promise.all(unique.map((id) => load${pascal}(id)));`,
      `  const records = await mapLimit(unique, 8, (id) => load${pascal}(id));`,
    ],
    [
      "  const visible = records.filter((record) => record.status !== 'closed');",
      '  const byOwner = new Map<string, number>();',
      '  for (const record of visible) {',
      '    byOwner.set(record.ownerId, (byOwner.get(record.ownerId) ?? 0) + record.total);',
      '  }',
      '  const ranked = [...byOwner.entries()].sort((a, b) => b[1] - a[1]);',
      '  return ranked.slice(0, 10).map(([ownerId, total]) => ({ ownerId, total }));',
      '}',
    ],
  );

const axiosQuotes: Template = (index) =>
  withSlot(
    [
      `/** Prices for region-specific report ${index}; quotes older than a minute are dropped. */`,
      `export async function regionalQuotes${index}(region: string): Promise<Quote[]> {`,
      '  const cutoff = Date.now() - 60_000;',
    ],
    [
      `  const { data } = await axios.get<Quote[]>(\`\${config.baseUrl}/quotes/\${region}\`, { timeout: 5_000 });`,
      `  const { data } = await axios.get<Quote[]>(\`\${config.baseUrl}/quotes/\${region}\`);`,
      `  const { data } = await axios.get<Quote[]>(\`\${config.baseUrl}/quotes/\${region}\`, { timeout: 3_000 });`,
    ],
    [
      '  const fresh: Quote[] = [];',
      '  for (const quote of data) {',
      '    if (Date.parse(quote.at) < cutoff) continue;',
      '    if (!Number.isFinite(quote.price) || quote.price <= 0) {',
      "      logger.warn('bad quote', { symbol: quote.symbol, region });",
      '      continue;',
      '    }',
      '    fresh.push(quote);',
      '  }',
      '  fresh.sort((a, b) => a.symbol.localeCompare(b.symbol));',
      `  metrics.observe('quotes_${index}', fresh.length);`,
      '  return fresh;',
      '}',
    ],
  );

const notifyLoop: Template = (index, { pascal }) =>
  withSlot(
    [
      `/** Tells the owners of changed records about step ${index}; retried as a whole on failure. */`,
      `export async function notifyOwners${index}(ids: string[]): Promise<void> {`,
      '  const started = Date.now();',
      '  const pending: Promise<unknown>[] = [];',
      '  for (const id of ids) {',
      "    if (id.startsWith('test-')) continue;",
    ],
    [`    await notify${pascal}(id);`, `    pending.push(notify${pascal}(id));`, `    await withRetry(() => notify${pascal}(id));`],
    [
      '  }',
      '  await Promise.all(pending);',
      `  metrics.observe('notify_${index}', Date.now() - started);`,
      `  logger.info('owners notified', { step: ${index}, count: ids.length });`,
      '}',
    ],
  );

const namespaceFanOut: Template = (index, { camel, pascal }) =>
  withSlot(
    [
      `/** Warms the cache for import batch ${index} through the module's public index. */`,
      `export async function warmImportBatch${index}(ids: string[]): Promise<number> {`,
      '  if (ids.length > 10_000) throw new RangeError(`batch too large: ${ids.length}`);',
      '  const started = Date.now();',
    ],
    [
      `  const loaded = await ${camel}.loadMany${pascal}(ids);`,
      `  const loaded = await Promise.all(ids.map((id) => ${camel}.load${pascal}(id)));`,
      `  const loaded = await mapLimit(ids, 4, (id) => fetch${pascal}(id));`,
    ],
    [
      "  const active = loaded.filter((record) => record.status === 'active');",
      `  metrics.observe('warm_${index}', Date.now() - started);`,
      `  logger.info('cache warmed', { batch: ${index}, loaded: loaded.length, active: active.length });`,
      `  await loadMany${pascal}(active.slice(0, 3).map((record) => record.ownerId));`,
      '  return active.length;',
      '}',
    ],
  );

const pureScoring: Template = (index, _domain, random) =>
  withSlot(
    [
      `/** Risk score for step ${index}: weighted recency and size, clamped to [0, 100]. */`,
      `export function riskScore${index}(totals: number[], ages: number[]): number {`,
      '  if (totals.length !== ages.length) throw new RangeError("totals and ages differ in length");',
      `  const weight = ${(1 + random()).toFixed(2)};`,
    ],
    ['  const threshold = 50;', '  const threshold = 75;', '  const threshold = 20;'],
    [
      '  let score = 0;',
      '  for (let i = 0; i < totals.length; i++) {',
      '    const recency = Math.exp(-ages[i] / 30);',
      '    score += weight * recency * Math.log1p(totals[i]);',
      '  }',
      '  return Math.max(0, Math.min(100, score - threshold));',
      '}',
    ],
  );

/** A whole-line replacement. */
export interface LineEdit {
  line: number;
  text: string;
}

/** `count` edits, each rewriting one slot to a variant other than its current one. */
export function planEdits(file: EditorFile, count: number, random: () => number): LineEdit[] {
  const current = new Map<number, number>();
  const edits: LineEdit[] = [];
  for (let k = 0; k < count; k++) {
    const slot = file.slots[Math.floor(random() * file.slots.length)];
    const from = current.get(slot.line) ?? 0;
    const to = (from + 1 + Math.floor(random() * (slot.variants.length - 1))) % slot.variants.length;
    current.set(slot.line, to);
    edits.push({ line: slot.line, text: slot.variants[to] });
  }
  return edits;
}
