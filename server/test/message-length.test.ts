/**
 * Messages a person reads: the Problems panel shows the same message once per finding, so each one is a
 * single sentence of at most 140 characters (with typical names filled in) that says the risk and the
 * remedy. The explanation (defaults, error names, why) lives on the rule's docs page.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { renderMessage } from '../src/engine/analyze-file';
import { lintFiles } from '../src/engine/lint-files';
import { rules } from '../src/rules';
import { defaultSettings } from '../src/shared/settings';
import { fixtureFiles, fixturesRoot } from './support/fixture-expectations';

const maxLength = 140;
const docsDir = path.resolve(__dirname, '../../docs/rules');

/** Typical values per placeholder name, as the rules fill them in (read from their `ctx.report` calls). */
const samples: Record<string, string | number> = {
  label: 'fetch',
  name: 'res',
  request: 'fetch(url)',
  combinator: 'Promise.all',
  collection: 'users',
  remedy: '`mapLimit(users, 8, …)`',
  limiter: 'new PQueue()',
  option: '`concurrency`',
  knob: '`concurrency`',
  n: 16,
  pool: 'new Agent',
  where: '',
  capacity: '8 sockets',
  waiting: 8,
  advice: 'use `connections`',
  f: 10,
  defaultNote: '',
  closed: 6,
  created: 'new Agent()',
  fn: 'getUser',
  consequence: 'the pool is not bounded by it',
  agent: 'httpsAgent',
  ms: '5_000',
  client: '10 s',
  server: 'api.example.com',
  idle: '5 s',
  suggested: '4_000',
  depth: 10,
  bundled: 6,
  node: 22,
  dispatcher: 'agent',
  installed: 7,
  context: 'in a fan-out over `ids`',
  unit: 'batch',
  delay: '`1_000`',
  wrapper: 'pRetry',
  method: 'POST',
  trigger: 'a thrown error',
  condition: 'axiosRetry.isRetryableError',
  exit: 'the `return` on line 12',
  consume: 'res.body',
  host: 'api.example.com',
  knee: 8,
  symptoms: '503s and resets',
  when: 'probed 41 days ago, stale',
};

/** Where one rule (or one of its messages) fills a placeholder differently: `rule` or `rule/messageId`. */
const overrides: Record<string, Record<string, string | number>> = {
  'unbounded-concurrency': { request: '`fetchProfile()`' },
  'unbounded-concurrency/dispatch': { request: '`jobs.triggerJob()`', evidence: 'up to 1000 rows, `take: 1000`' },
  'limiter-without-bound': { request: '`fetch`' },
  'retry-without-backoff': { request: '`fetch`' },
  'retry-without-backoff/noJitter': { delay: '`500 * 2 ** attempt`' },
  'default-pool': { name: 'Agent', connections: '8', maxSockets: '8' },
  'default-pool/nodeAgentKeepAlive': { name: 'https.Agent', maxSockets: '8' },
  'default-pool/nodeAgentSockets': { name: 'https.Agent', maxSockets: '8' },
  'pool-concurrency-mismatch': { limiter: 'limit', advice: '`connections: 16` or a limit of 8' },
  'keepalive-mismatch/nodeIdle': { pool: 'new https.Agent' },
  'keepalive-mismatch/nodeNoTimeout': { pool: 'new https.Agent' },
  'agent-per-request/clientPerCall': { created: 'axios.create()' },
  'missing-timeout/undici': { label: 'request' },
  'missing-timeout/axios': { label: 'axios.get' },
  'missing-timeout/nodeHttp': { label: 'https.request' },
  'missing-timeout/superagent': { label: 'superagent.get' },
  'wrong-pool-option': { option: 'maxSockets' },
  'wrong-pool-option/undiciRejected': { option: 'keepAlive', advice: 'remove it, as undici keeps connections alive by default' },
  'unsafe-retry-method': { request: 'axios.post(url, order)', client: 'got', remedy: 'send an `Idempotency-Key`' },
  'unconsumed-body': { remedy: '`await body.dump()` if unused' },
  'unconsumed-body/undici': { request: 'request(url)', consume: 'res.body' },
};

/** A placeholder no table knows gets a 20-character sample. */
const unknownSample = 'x'.repeat(20);

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
      it(`${id}/${messageId}: one sentence of at most ${maxLength} characters with typical names`, () => {
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
  // Real names are longer than the samples (code excerpts go up to 40 characters), so the bound is looser.
  const maxReported = 180;
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
