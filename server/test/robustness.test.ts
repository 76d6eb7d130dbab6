/** Bad input never takes the analyzer down: a throwing rule, syntax errors, huge and binary files. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile } from '../src/engine/analyze-file';
import { lintFiles } from '../src/engine/lint-files';
import { ProjectHost } from '../src/analysis/project/project-host';
import { rules } from '../src/rules';
import type { Rule } from '../src/rules/types';
import { defaultSettings } from '../src/shared/settings';

const fanOut = 'export const load = (urls: string[]) => Promise.all(urls.map((url) => fetch(url)));\n';

describe('a rule that throws', () => {
  it('is logged with its id and the file; the other rules still report', () => {
    const throwing: Rule = {
      meta: { id: 'explodes', description: 'a rule that throws on purpose', severity: 'error', messages: {}, fixable: false, appliesToBrowser: true },
      check() {
        throw new Error('boom');
      },
    };
    const host = new ProjectHost(() => undefined);
    const logs: string[] = [];
    const findings = analyzeFile(host.setFile('/virtual/app.ts', fanOut), defaultSettings, (line) => logs.push(line), [throwing, ...rules]);
    assert.equal(logs.length, 1);
    assert.match(logs[0], /rule explodes failed on \/virtual\/app\.ts: Error: boom/);
    assert.ok(findings.some((finding) => finding.ruleId === 'unbounded-concurrency'));
  });
});

describe('files that cannot be analysed', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-robust-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports each problem and keeps going', async () => {
    const write = (name: string, content: string | Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    };
    const broken = write('broken.ts', 'export const = ;\n');
    const binary = write('binary.js', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]));
    const huge = write('huge.ts', `${'// padding line to make the file large\n'.repeat(60_000)}`);
    const missing = path.join(dir, 'deleted.ts');
    const good = write('good.ts', fanOut);
    const reports = await lintFiles([broken, binary, huge, missing, good], { settings: defaultSettings });
    const byName = new Map(reports.map((report) => [path.basename(report.file), report]));
    assert.equal(byName.get('broken.ts')?.problem?.kind, 'parse-error');
    assert.match(byName.get('broken.ts')?.problem?.message ?? '', /^Parsing error: /);
    assert.equal(byName.get('broken.ts')?.problem?.range?.start.line, 0);
    assert.equal(byName.get('binary.js')?.problem?.kind, 'binary');
    assert.equal(byName.get('huge.ts')?.problem?.kind, 'too-large');
    assert.equal(byName.get('deleted.ts')?.problem?.kind, 'unreadable');
    assert.match(byName.get('deleted.ts')?.problem?.message ?? '', /ENOENT/);
    assert.ok(byName.get('good.ts')?.findings.some((finding) => finding.ruleId === 'unbounded-concurrency'));
  });

  it('analyses a 50,000-line file', async () => {
    const lines = Array.from({ length: 50_000 }, (_, index) => `export const value${index} = ${index};`);
    lines.push(fanOut);
    const file = path.join(dir, 'long.ts');
    fs.writeFileSync(file, lines.join('\n'));
    const [report] = await lintFiles([file], { settings: defaultSettings });
    assert.equal(report.problem, undefined);
    assert.ok(report.findings.some((finding) => finding.ruleId === 'unbounded-concurrency' && finding.range.start.line === 50_000));
  });
});

describe('cross-file summaries', () => {
  it('follow a change in the imported file', () => {
    const files = new Map<string, string>([
      ['/p/api.ts', 'export async function getUser(id: string) { return fetch(`/u/${id}`, { signal: AbortSignal.timeout(1) }); }\n'],
      ['/p/main.ts', "import { getUser } from './api';\nexport const all = (ids: string[]) => Promise.all(ids.map((id) => getUser(id)));\n"],
    ]);
    const host = new ProjectHost((file) => files.get(file));
    const ids = () => analyzeFile(host.getFile('/p/main.ts')!, defaultSettings).map((finding) => finding.ruleId);
    assert.ok(ids().includes('unbounded-concurrency'));
    host.setFile('/p/api.ts', 'export async function getUser(id: string) { return { id }; }\n');
    assert.ok(!ids().includes('unbounded-concurrency'));
  });
});
