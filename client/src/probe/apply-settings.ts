/**
 * "Apply to helper": writes the probe's recommendations into the helper's `originSettings` entry for the
 * probed origin (creating it), so numbers measured on one host do not become every host's; the defaults in
 * `resilientHttpSettings`, and the comments that explain them, stay as they are. What is written (the
 * numbers, the retry allowance as `budgetRatio`, over HTTP/2 `allowH2` and `maxConcurrentStreams`) is decided
 * in origin-writes.ts. Also sets the bound of `mapLimit(…, <number>, …)` calls whose arguments name that
 * origin in a URL literal. Pure text in, text out, in all three helper forms (.ts, .mjs, .cjs); the command
 * turns the results into one undoable edit.
 */
import type { ProbeJson as ProbeResponse } from '@shared/probe/json';
import { type ApplyInput, decimalSettings, originWrites } from './origin-writes';

type Recommendations = ProbeResponse['recommendations'];

/** What applying changed. */
export interface AppliedSettings {
  text: string;
  /** `connections: 8 → 4`, one entry per changed setting. */
  changes: string[];
  /** Recommendations with no value, or settings the file does not have. */
  skipped: string[];
  /** Settings left as they are for a reason the message gives: `budgetRatio stays 0.1: the probe measured no retry allowance`. */
  kept: string[];
}

/** What applying to one origin's entry changed. */
export interface AppliedToOrigin extends AppliedSettings {
  origin: string;
  /** True when the entry did not exist before. */
  created: boolean;
  /** One sentence for the notification: the origin, what changed from what, what was kept and why, and that other origins kept theirs. */
  message: string;
}

/** `10000` → `10_000`, as the helper writes its numbers. */
export function formatNumber(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/**
 * `{ start, end }` of the body of `const <name> = {` (also `export const`, `exports.<name> =`), up to its
 * closing `\n};`; an empty `{}` is first written as `{\n};`, so entries can go in.
 */
function objectBody(text: string, name: string): { text: string; start: number; end: number } | undefined {
  const open = new RegExp(`(?:\\bconst ${name}\\b[^=\\n]*|\\bexports\\.${name}\\s*)=\\s*\\{(\\};)?`).exec(text);
  if (!open) return undefined;
  if (open[1]) text = `${text.slice(0, open.index + open[0].length - 2)}\n${text.slice(open.index + open[0].length - 2)}`;
  const start = open.index + open[0].length - (open[1] ? 2 : 0);
  const end = text.indexOf('\n};', start);
  return end < 0 ? undefined : { text, start, end };
}

/** A setting's literal in an object body: a number (`8`, `3_000`, `0.1`) or a boolean. */
const literal = '[\\d_]+(?:\\.\\d+)?|true|false';
const valueAt = (body: string, setting: string) => new RegExp(`^(\\s*${setting}:\\s*)(${literal})(,?)`, 'm').exec(body);
const ownValueAt = (entry: string, setting: string) => new RegExp(`(\\b${setting}:\\s*)(${literal})`).exec(entry);
const plain = (text: string) => Number(text.replace(/_/g, ''));
const ratio = (value: number) => Math.round(value * 10_000) / 10_000;

/** A value as the helper writes it: `10_000`, `0.05`, `true`. */
function formatValue(setting: string, value: number | boolean): string {
  if (typeof value === 'boolean') return String(value);
  return decimalSettings.has(setting) ? String(ratio(value)) : formatNumber(value);
}

/** Whether the literal already says `value` (whole numbers compared rounded, ratios to four places). */
function sameValue(setting: string, text: string, value: number | boolean): boolean {
  if (typeof value === 'boolean') return text === String(value);
  if (text === 'true' || text === 'false') return false;
  return decimalSettings.has(setting) ? ratio(plain(text)) === ratio(value) : plain(text) === Math.round(value);
}

/**
 * The helper text with the recommendations applied. With `origin` (the probe result's `origin`), only that
 * origin's entry changes (see `applyToOrigin`). Without it, the defaults in `resilientHttpSettings` change
 * for every origin, as before per-origin settings; each change then says "every origin".
 * Undefined when the file has no settings object to write.
 */
export function applyRecommendations(helperText: string, recommendations: Recommendations, origin?: string): AppliedSettings | undefined {
  if (origin !== undefined) return applyToOrigin(helperText, origin, { recommendations });
  const range = objectBody(helperText, 'resilientHttpSettings');
  if (!range) return undefined;
  helperText = range.text;
  let body = helperText.slice(range.start, range.end);
  const { writes, skipped } = originWrites({ recommendations });
  const changes: string[] = [];
  for (const { setting, value } of writes) {
    const match = valueAt(body, setting);
    if (!match) {
      skipped.push(setting);
      continue;
    }
    if (sameValue(setting, match[2], value)) continue;
    changes.push(`${setting}: ${match[2]} → ${formatValue(setting, value)} (every origin)`);
    body = body.replace(match[0], `${match[1]}${formatValue(setting, value)}${match[3]}`);
  }
  return { text: helperText.slice(0, range.start) + body + helperText.slice(range.end), changes, skipped, kept: [] };
}

/** `applyToOrigin` for a probe result: its recommendations, retry allowance and HTTP/2 settings into its origin's entry. */
export function applyProbeResult(helperText: string, result: ApplyInput & Pick<ProbeResponse, 'origin'>): AppliedToOrigin | undefined {
  return applyToOrigin(helperText, result.origin, result);
}

/**
 * Writes a probe result into `originSettings['<origin>']`, creating the entry (one line, after the others)
 * when absent and keeping settings of the entry the probe has no value for. Each change says the value the
 * origin had before: its own, or the default. Undefined when the file has no `originSettings` object (a
 * helper older than v2) or no `resilientHttpSettings` to read defaults from.
 */
export function applyToOrigin(helperText: string, origin: string, input: ApplyInput): AppliedToOrigin | undefined {
  const defaults = objectBody(helperText, 'resilientHttpSettings');
  const entries = objectBody(helperText, 'originSettings');
  if (!defaults || !entries) return undefined;
  const defaultsBody = helperText.slice(defaults.start, defaults.end);
  helperText = entries.text;
  const body = helperText.slice(entries.start, entries.end);
  const entry = findEntry(body, origin);
  let entryText = entry ? body.slice(entry.start, entry.end) : '';
  const { writes, kept: keptSettings, skipped } = originWrites(input);
  const added: string[] = [];
  const changes: string[] = [];
  const kept: string[] = [];
  for (const { setting, value, onlyIfDifferent } of writes) {
    const fallback = valueAt(defaultsBody, setting)?.[2];
    if (fallback === undefined) {
      skipped.push(setting);
      // The five numbers are in every v2 helper; a newer setting missing means an older copy of the helper.
      if (!onlyIfDifferent && ['allowH2', 'maxConcurrentStreams', 'budgetRatio'].includes(setting)) {
        kept.push(`${setting} not written: this helper has no such setting yet (re-insert it with a quick fix)`);
      }
      continue;
    }
    const own = ownValueAt(entryText, setting);
    const before = own?.[2] ?? fallback;
    const same = sameValue(setting, before, value);
    if (onlyIfDifferent && same) continue;
    const text = formatValue(setting, value);
    if (own) entryText = entryText.replace(own[0], `${own[1]}${text}`);
    else added.push(`${setting}: ${text}`);
    if (!same) changes.push(`${setting}: ${before} → ${text}`);
  }
  for (const { setting, because } of keptSettings) {
    const current = ownValueAt(entryText, setting)?.[2] ?? valueAt(defaultsBody, setting)?.[2];
    skipped.push(setting);
    kept.push(current === undefined ? `${setting} not written: ${because}` : `${setting} stays ${current}: ${because}`);
  }
  let nextBody: string;
  if (entry) {
    nextBody = body.slice(0, entry.start) + withSettings(entryText, added) + body.slice(entry.end);
  } else {
    const quote = /^\s*"[^"\n]*":/m.test(body) ? '"' : "'";
    nextBody = `${body}\n  ${quote}${origin}${quote}: { ${added.join(', ')} },`;
  }
  const text = helperText.slice(0, entries.start) + nextBody + helperText.slice(entries.end);
  const what = [changes.length > 0 ? changes.join(', ') : 'no value changed', ...kept].join('; ');
  const message = `${origin} ${entry ? '' : '(new entry) '}in originSettings: ${what}; other origins keep their settings.`;
  return { text, changes, skipped, kept, origin, created: !entry, message };
}

/** The `{ … }` of `'<origin>': { … }` in the body of `originSettings`, skipping commented-out lines. */
function findEntry(body: string, origin: string): { start: number; end: number } | undefined {
  const escaped = origin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const key = new RegExp(`^[ \\t]*(['"])${escaped}/?\\1\\s*:\\s*\\{`, 'm').exec(body);
  if (!key) return undefined;
  const start = key.index + key[0].length - 1;
  const close = body.indexOf('}', start);
  return close < 0 ? undefined : { start, end: close + 1 };
}

/** `{ a: 1 }` with settings added, one line or one property per line as the entry is written. */
function withSettings(entryText: string, added: string[]): string {
  if (added.length === 0) return entryText;
  const inner = entryText.slice(1, -1);
  if (!inner.includes('\n')) {
    const kept = inner.trim().replace(/,$/, '');
    return `{ ${[kept, ...added].filter(Boolean).join(', ')} }`;
  }
  const indent = /\n([ \t]+)\S/.exec(inner)?.[1] ?? '    ';
  const trimmed = inner.replace(/\s*$/, '');
  const closing = inner.slice(trimmed.length);
  const separator = trimmed.trim() === '' || trimmed.endsWith(',') ? '' : ',';
  return `{${trimmed}${separator}${added.map((setting) => `\n${indent}${setting},`).join('')}${closing}}`;
}

/** What `applyBoundAtCallSites` did in one file. */
export interface CallSiteBounds {
  text: string;
  /** Calls whose numeric bound was changed, as `line N: 8 → 4` (1-based lines). */
  changed: string[];
  /** `mapLimit` calls naming the origin whose bound is not a number literal (a variable, `limitFor(…)`): left alone. */
  notNumbers: number;
}

/**
 * Sets the bound of `mapLimit(items, <number>, fn)` calls that target `origin` to `bound`. A call targets the
 * origin when its arguments contain a string or template literal starting with the origin; calls whose URL
 * is built from a constant or a variable (`${API}/users`) cannot be linked by text and are not changed.
 */
export function applyBoundAtCallSites(fileText: string, origin: string, bound: number): CallSiteBounds {
  const changed: string[] = [];
  let notNumbers = 0;
  let text = fileText;
  const call = /\bmapLimit\s*\(/g;
  for (let match = call.exec(text); match; match = call.exec(text)) {
    const args = argumentRanges(text, match.index + match[0].length);
    const argsText = args.length > 0 ? text.slice(args[0].start, args[args.length - 1].end) : '';
    if (args.length < 3 || !['\'', '"', '`'].some((quote) => argsText.includes(`${quote}${origin}/`) || argsText.includes(`${quote}${origin}${quote}`))) continue;
    const { start, end } = args[1];
    const literal = text.slice(start, end).trim();
    if (!/^\d[\d_]*$/.test(literal)) {
      notNumbers++;
      continue;
    }
    if (plain(literal) === bound) continue;
    const at = start + text.slice(start, end).indexOf(literal);
    changed.push(`line ${text.slice(0, at).split('\n').length}: ${literal} → ${formatNumber(bound)}`);
    text = text.slice(0, at) + formatNumber(bound) + text.slice(at + literal.length);
  }
  return { text, changed, notNumbers };
}

/** The arguments of the call whose `(` is just before `from`, as text ranges; strings and nested brackets skipped; [] if unclosed. */
function argumentRanges(text: string, from: number): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '\'' || char === '"' || char === '`') {
      for (i++; i < text.length && text[i] !== char; i++) if (text[i] === '\\') i++;
    } else if (char === '(' || char === '[' || char === '{') depth++;
    else if (depth > 0 && (char === ')' || char === ']' || char === '}')) depth--;
    else if (depth === 0 && char === ',') {
      ranges.push({ start, end: i });
      start = i + 1;
    } else if (depth === 0 && char === ')') {
      if (text.slice(start, i).trim() !== '') ranges.push({ start, end: i });
      return ranges;
    }
  }
  return [];
}

/** One sentence on what the call sites got: which bounds changed, and which calls were left alone and why. */
export function callSiteMessage(origin: string, results: ReadonlyArray<{ file: string; bounds: CallSiteBounds }>, bound: number): string {
  const changed = results.flatMap(({ file, bounds }) => bounds.changed.map((change) => `${file} ${change}`));
  const notNumbers = results.reduce((sum, { bounds }) => sum + bounds.notNumbers, 0);
  const left = [
    notNumbers > 0 ? `${notNumbers} call${notNumbers === 1 ? '' : 's'} with a bound that is no number literal` : '',
    'calls whose URL is not a literal of this origin',
  ].filter(Boolean);
  const head = changed.length > 0 ? `mapLimit bound ${formatNumber(bound)} for ${origin} at ${changed.join(', ')}` : `No mapLimit bound for ${origin} changed`;
  return `${head}; ${left.join(' and ')} were not changed.`;
}
