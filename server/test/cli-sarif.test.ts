/**
 * SARIF for GitHub code scanning: valid against the SARIF 2.1.0 JSON schema (with a real validator), every
 * rule described in full, and partial fingerprints that survive lines moving.
 *
 * The schema is server/test/support/sarif-schema-2.1.0.json, byte for byte the `sarif-2.1.0.json` that
 * Microsoft's SARIF SDK ships in the npm package @microsoft/sarif-multitool-linux@5.7.0 (MIT; the SARIF
 * 2.1.0 schema with the OASIS errata, declared as JSON Schema 2020-12), sha256
 * 1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c. It is vendored rather than installed:
 * that package is 44 MB of .NET binaries around the one file.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { parseCommandLine, type LintArguments } from '../src/cli/args';
import { buildSarifLog, fingerprintKey, fingerprints, ruleTags } from '../src/cli/format-sarif';
import { type Io, runLint } from '../src/cli/lint-command';
import { summarize } from '../src/cli/report';
import { ruleDocsUrl, ruleIds, rules } from '../src/rules';
import type { FileReport } from '../src/shared/findings';

const schemaFile = path.join(__dirname, 'support', 'sarif-schema-2.1.0.json');
const fixtures = path.resolve(__dirname, '../../test-fixtures');

/** The schema's validator. `strict: false` because the schema itself trips Ajv's strict mode (`required` names under `anyOf`). */
function sarifValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);
}

const validate = sarifValidator();

function assertValidSarif(log: unknown): void {
  const valid = validate(log);
  assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

/** Runs `lint` in this process with the given arguments; resolves to the exit code and what it printed. */
async function lint(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    version: '9.9.9',
  };
  const code = await runLint(parseCommandLine(['lint', ...argv]) as LintArguments, io);
  return { code, stdout, stderr };
}

async function sarifOf(cwd: string, ...argv: string[]): Promise<Sarif.Log> {
  return JSON.parse((await lint(cwd, ...argv, '--format', 'sarif')).stdout) as Sarif.Log;
}

describe('SARIF against the SARIF 2.1.0 JSON schema', () => {
  it('the validator is real: it rejects logs that break the schema', () => {
    assert.ok(sha256(fs.readFileSync(schemaFile)) === '1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c', 'the vendored schema changed');
    assert.equal(validate({ version: '2.1.0', runs: [] }), true);
    assert.equal(validate({ version: '2.0.0', runs: [] }), false, 'wrong version');
    const good = buildSarifLog(summarize('/p', []), '1.0.0');
    assert.equal(validate(good), true);
    const noMessage = structuredClone(good);
    noMessage.runs[0].results = [{ ruleId: 'x' } as Sarif.Result];
    assert.equal(validate(noMessage), false, 'a result needs a message');
    const badLevel = structuredClone(good);
    (badLevel.runs[0].tool.driver.rules ?? [])[0].defaultConfiguration = { level: 'info' as Sarif.ReportingConfiguration.level };
    assert.equal(validate(badLevel), false, 'info is not a SARIF level');
    const badUri = structuredClone(good);
    badUri.runs[0].originalUriBaseIds = { '%SRCROOT%': { uri: 'file:// not a uri' } };
    assert.equal(validate(badUri), false, 'formats are checked');
  });

  it('accepts a synthetic log with every kind of entry: related locations, notifications, odd file names', () => {
    const at = (file: string) => path.join('/work/project', file);
    const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } };
    const reports: FileReport[] = [
      {
        file: at('src/a b#1.ts'),
        findings: [
          {
            ruleId: 'unbounded-concurrency', severity: 'error', message: 'm', file: at('src/a b#1.ts'), range, start: 0, end: 1,
            related: [{ file: at('src/pool.ts'), range, message: 'the pool' }],
          },
          { ruleId: 'missing-retry', severity: 'info', message: 'm', file: at('src/a b#1.ts'), range, start: 0, end: 1, related: [] },
        ],
      },
      { file: at('src/broken.ts'), findings: [], problem: { kind: 'parse-error', message: 'Parsing error', range } },
      { file: at('src/gone.ts'), findings: [], problem: { kind: 'unreadable', message: 'gone' } },
    ];
    assertValidSarif(buildSarifLog(summarize('/work/project', reports), '0.1.0'));
  });

  it('accepts what the CLI prints for every fixture', async () => {
    const log = await sarifOf(fixtures);
    assert.ok((log.runs[0].results ?? []).length > 50, 'the fixtures have plenty of findings');
    assert.ok((log.runs[0].results ?? []).some((result) => (result.relatedLocations ?? []).length > 0));
    assertValidSarif(log);
  });
});

describe('SARIF rule metadata', () => {
  const driver = buildSarifLog(summarize('/p', []), '1.0.0').runs[0].tool.driver;

  it('describes every rule: id, name, descriptions, help text and markdown, help URI, default level, tags', () => {
    assert.deepEqual(driver.rules?.map((rule) => rule.id), ruleIds);
    const levels = { info: 'note', warning: 'warning', error: 'error' } as const;
    for (const [index, rule] of (driver.rules ?? []).entries()) {
      const { meta } = rules[index];
      assert.match(rule.name ?? '', /^[A-Z][A-Za-z0-9]+$/, `${rule.id}: name is an identifier`);
      assert.equal(rule.name?.toLowerCase(), meta.id.replace(/-/g, ''));
      assert.equal(rule.shortDescription?.text, meta.description);
      assert.ok((rule.fullDescription?.text ?? '').startsWith(meta.description));
      assert.ok((rule.fullDescription?.text ?? '').length > meta.description.length);
      assert.equal(rule.helpUri, ruleDocsUrl(meta.id));
      assert.equal(rule.defaultConfiguration?.level, levels[meta.severity]);
      assert.equal(rule.defaultConfiguration?.enabled, true);
      const { text = '', markdown = '' } = rule.help ?? {};
      for (const help of [text, markdown]) {
        assert.ok(help.includes(ruleDocsUrl(meta.id)), `${meta.id}: help links the docs`);
        assert.ok(help.includes(`http-resilience-disable-next-line ${meta.id}`), `${meta.id}: help says how to silence it`);
        assert.ok(!help.includes('{{'), `${meta.id}: no raw placeholders`);
        // Every message the rule can show is in its help (placeholders aside).
        for (const template of Object.values(meta.messages)) assert.ok(help.includes(template.split('{{')[0]), `${meta.id}: ${template}`);
      }
      assert.match(markdown, new RegExp(`\\[Rule documentation\\]\\(${escapeRegExp(ruleDocsUrl(meta.id))}\\)`));
      assert.ok(!/<[a-z]+>/i.test(markdown), `${meta.id}: nothing Markdown would take for an HTML tag`);
      const properties = rule.properties as { tags: string[]; precision: string; fixable: boolean };
      assert.deepEqual(properties.tags, ruleTags(meta.id));
      assert.ok(properties.tags.includes('reliability') && properties.tags.includes('http'));
      assert.equal(new Set(properties.tags).size, properties.tags.length, 'no duplicate tags');
      assert.equal(properties.precision, 'high');
      assert.equal(properties.fixable, meta.fixable);
    }
  });
});

describe('SARIF partial fingerprints', () => {
  let dir: string;
  const fanOut = (name: string, indent = '') =>
    `${indent}export async function ${name}(urls: string[]) {\n${indent}  return Promise.all(urls.map((u) => fetch(u, { signal: AbortSignal.timeout(5_000) })));\n${indent}}\n`;
  /** Two identical fan-outs: the same rule, file and flagged text, told apart by their occurrence. */
  const source = `${fanOut('first')}\n${fanOut('second')}`;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-sarif-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** (line, fingerprint) of each unbounded-concurrency result of `src/fan-out.ts` with `text` on disk. */
  async function printsFor(text: string, file = 'src/fan-out.ts'): Promise<Array<{ line: number; print: string }>> {
    fs.rmSync(path.join(dir, 'src'), { recursive: true, force: true });
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
    const log = await sarifOf(dir);
    assertValidSarif(log);
    return (log.runs[0].results ?? [])
      .filter((result) => result.ruleId === 'unbounded-concurrency')
      .map((result) => ({ line: result.locations?.[0].physicalLocation?.region?.startLine ?? 0, print: result.partialFingerprints?.[fingerprintKey] ?? '' }));
  }

  it('gives every result a fingerprint under a versioned key, and identical findings distinct ones', async () => {
    const results = await printsFor(source);
    assert.equal(results.length, 2, JSON.stringify(results));
    for (const { print } of results) assert.match(print, /^[0-9a-f]{32}$/);
    assert.notEqual(results[0].print, results[1].print, 'the occurrence index tells identical findings apart');
    assert.match(fingerprintKey, /\/v\d+$/);
  });

  it('keeps the fingerprint and changes the line when blank lines are inserted above, or the code is re-indented', async () => {
    const original = await printsFor(source);
    const moved = await printsFor(`\n\n\n// a comment that pushes everything down\n\n${source}`);
    assert.deepEqual(moved.map((result) => result.print), original.map((result) => result.print));
    assert.deepEqual(moved.map((result) => result.line), original.map((result) => result.line + 5));
    const reindented = await printsFor(`export namespace Api {\n${fanOut('first', '  ')}\n${fanOut('second', '    ')}}\n`);
    assert.deepEqual(reindented.map((result) => result.print), original.map((result) => result.print));
    const crlf = await printsFor(source.replace(/\n/g, '\r\n'));
    assert.deepEqual(crlf.map((result) => result.print), original.map((result) => result.print), 'line endings do not count');
  });

  it('changes when the flagged line, the file or the rule changes', async () => {
    const original = await printsFor(source);
    const edited = await printsFor(source.replace('urls.map((u) =>', 'urls.map((url) =>').replace('fetch(u,', 'fetch(url,'));
    assert.notEqual(edited[0].print, original[0].print);
    const elsewhere = await printsFor(source, 'src/other.ts');
    assert.notEqual(elsewhere[0].print, original[0].print);
    const base = { severity: 'warning' as const, line: 1, column: 1, endLine: 1, endColumn: 2, message: 'm', related: [], fixable: false, snippet: 's', file: 'a.ts' };
    const [one, other] = fingerprints([{ ...base, ruleId: 'missing-timeout' }, { ...base, ruleId: 'missing-retry' }]);
    assert.notEqual(one, other);
    assert.deepEqual(fingerprints([{ ...base, ruleId: 'missing-timeout' }]), [one], 'a pure function of the findings');
  });
});

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
