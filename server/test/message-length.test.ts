/**
 * Messages a person reads: the Problems panel shows the same message once per finding, so each one is a
 * single sentence of at most 140 characters (with every placeholder at its longest) that says the risk and the
 * remedy. The explanation (defaults, error names, why) lives on the rule's docs page.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { renderMessage } from '../src/engine/analyze-file';
import { lintFiles } from '../src/engine/lint-files';
import { rules } from '../src/rules';
import { placeholderBounds } from '../src/rules/support/message-text';
import { defaultSettings } from '../src/shared/settings';
import { fixtureFiles, fixturesRoot } from './support/fixture-expectations';

const maxLength = 140;
const docsDir = path.resolve(__dirname, '../../docs/rules');

/** A value of the longest length a placeholder of that kind can have (`placeholderBounds`), as `clip` leaves it. */
function worst(kind: keyof typeof placeholderBounds): string {
  return `${'x'.repeat(placeholderBounds[kind] - 1)}…`;
}
const number = '9'.repeat(placeholderBounds.number);
const code = worst('code');
const name = worst('name');

/**
 * The worst case per placeholder name: a value of its kind's bound for names from the code (every rule cuts
 * them with rules/support/message-text.ts where it fills them), and for phrases a rule builds itself, the
 * longest phrase it builds (read from its `ctx.report` calls).
 */
const samples: Record<string, string | number> = {
  // Code excerpts and labels.
  label: code,
  request: code,
  collection: code,
  limiter: code,
  pool: code,
  created: code,
  agent: code,
  dispatcher: code,
  condition: code,
  consume: code,
  delay: code,
  // Names.
  name,
  fn: name,
  wrapper: name,
  option: name,
  knob: name,
  library: name,
  client: name,
  // Hosts.
  host: worst('host'),
  server: worst('host'),
  // Numbers.
  n: number,
  waiting: number,
  f: number,
  closed: number,
  knee: number,
  depth: number,
  bundled: number,
  node: number,
  installed: number,
  ms: number,
  suggested: number,
  connections: number,
  maxSockets: number,
  // Phrases the rules build.
  method: 'OPTIONS',
  capacity: `${number} pipelined slots`,
  advice: `\`connections: ${number}\``,
  consequence: 'the pool is not bounded by it',
  idle: `${number} ms`,
  // A profile's age in days has at most 4 digits.
  when: 'probed 9999 days ago, stale',
  context: `fanned out over \`${code}\``,
  unit: 'response',
  trigger: 'a thrown error',
  exit: '`continue` on line 99999 (+99 more)',
  shape: 'a delay that grows with the attempt',
  evidence: `every page \`${code}\` collects`,
};

/** Where one rule (or one of its messages) fills a placeholder differently: `rule` or `rule/messageId`. */
const overrides: Record<string, Record<string, string | number>> = {
  'unbounded-concurrency': { request: `\`${code}\``, remedy: `a limiter, ${number} at a time` },
  'unbounded-concurrency/map': { remedy: `the \`${name}\` limiter (${number} at a time)` },
  'limiter-without-bound': { request: `\`${code}\``, option: '`maxConcurrent`', knob: '`maxConcurrent`' },
  'retry-without-backoff': { request: `\`${code}\``, delay: `\`${code}\``, option: 'calculateDelay' },
  'retry-without-backoff/libraryNoJitter': { option: code, library: 'promise-retry', shape: 'an exponential delay' },
  'keepalive-mismatch': { client: `${number} ms` },
  'keepalive-mismatch/undiciIdle': { client: '4 s (default)' },
  // wrong-pool-option: the option with the longest clauses in each of its tables.
  'wrong-pool-option/undiciIgnored': { option: 'keepAliveMsecs', consequence: 'it sets no TCP keep-alive probes', advice: 'use `connect: { keepAliveInitialDelay }`' },
  'wrong-pool-option/nodeAgentIgnored': { option: 'headersTimeout', consequence: 'requests get no deadline from it', advice: 'set a timeout on the request instead' },
  'wrong-pool-option/undiciRejected': { option: 'maxKeepAliveTimeout', advice: 'remove it (undici keeps connections alive)' },
  'wrong-pool-option/fetchTimeout': { ms: code },
  'unsafe-retry-method': { remedy: 'pass `{ idempotent: false }`', trigger: 'a failed result' },
  // Majors of Node.js and undici versions.
  'dispatcher-mismatch': { node: 999, bundled: 999, installed: 999 },
  'unsafe-retry-method/methods': { client: "undici's retry interceptor", method: 'PATCH and POST' },
  'unconsumed-body': { remedy: '`await body?.cancel()` if unused', name },
  'unconsumed-body/fetch': { consume: `${name}.body` },
  'unconsumed-body/undici': { consume: `${name}.body` },
  'unconsumed-body/discarded': { consume: '.then((res) => res.body?.cancel())' },
};

/** A placeholder no table knows gets a 30-character sample. */
const unknownSample = 'x'.repeat(30);

function sampleData(ruleId: string, messageId: string, template: string): Record<string, string | number> {
  const data: Record<string, string | number> = {};
  for (const [, key] of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    data[key] = overrides[`${ruleId}/${messageId}`]?.[key] ?? overrides[ruleId]?.[key] ?? samples[key] ?? unknownSample;
  }
  return data;
}

/** One sentence: no full stop followed by a capital inside it, and it ends like a sentence (or a code span). */
function assertOneSentence(message: string, where: string): void {
  assert.ok(!/[.!?]\s+[A-Z]/.test(message.replace(/`[^`]*`/g, '`…`')), `${where}: more than one sentence: ${message}`);
  assert.match(message, /[.)`]$/, `${where}: does not end like a sentence: ${message}`);
  assert.ok(!/\{\{|\}\}/.test(message), `${where}: unfilled placeholder: ${message}`);
}

describe('rule messages', () => {
  for (const rule of rules) {
    const { id, messages } = rule.meta;
    for (const [messageId, template] of Object.entries(messages)) {
      it(`${id}/${messageId}: one sentence of at most ${maxLength} characters with the longest names`, () => {
        const message = renderMessage(template, sampleData(id, messageId, template));
        assert.ok(message.length <= maxLength, `${id}/${messageId} is ${message.length} characters: ${message}`);
        assertOneSentence(message, `${id}/${messageId}`);
      });
    }

    it(`${id}: its docs page exists and says more than any message`, () => {
      const docs = path.join(docsDir, `${id}.md`);
      assert.ok(fs.existsSync(docs), `docs/rules/${id}.md is missing`);
      const text = fs.readFileSync(docs, 'utf8');
      for (const [messageId, template] of Object.entries(messages)) {
        const message = renderMessage(template, sampleData(id, messageId, template));
        assert.ok(text.length > message.length, `docs/rules/${id}.md is no longer than ${messageId}`);
      }
      // The explanations the messages leave out (defaults, error names, why) live there.
      assert.ok(/^## Why$/m.test(text), `docs/rules/${id}.md has no "## Why" section`);
    });
  }
});

describe('rule messages as reported on the fixtures', async () => {
  // The same bound as above: every placeholder is cut to its bound where the rule fills it.
  const maxReported = maxLength;
  const folders = fs.readdirSync(fixturesRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const files = folders.flatMap((entry) => fixtureFiles(path.join(fixturesRoot, entry.name)));
  const reports = await lintFiles(files, { settings: defaultSettings, log: () => undefined });
  const findings = reports.flatMap((report) => report.findings.map((finding) => ({ ...finding, file: path.relative(fixturesRoot, report.file) })));

  it(`every finding reads as one sentence, all placeholders filled, at most ${maxReported} characters`, () => {
    assert.ok(findings.length > 0);
    for (const finding of findings) {
      const where = `${finding.file}:${finding.range.start.line + 1} ${finding.ruleId}`;
      assertOneSentence(finding.message, where);
      assert.ok(finding.message.length <= maxReported, `${where} is ${finding.message.length} characters: ${finding.message}`);
    }
  });
});
