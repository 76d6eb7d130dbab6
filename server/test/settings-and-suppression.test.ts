/** Settings normalization, per-rule severity, and disable comments, on real analyzer runs. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile } from '../src/engine/analyze-file';
import { ProjectHost } from '../src/analysis/project/project-host';
import { ruleIds } from '../src/rules';
import { defaultSettings, normalizeSettings, type Settings } from '../src/shared/settings';

const fanOut = 'export const load = (urls: string[]) => Promise.all(urls.map((url) => fetch(url)));\n';

function analyze(text: string, settings: Settings = defaultSettings, fileName = '/virtual/src/app.ts') {
  // The disk: the repository-root test below makes a real checkout; /virtual/ paths read as absent.
  const host = new ProjectHost();
  return analyzeFile(host.setFile(fileName, text), settings).map((finding) => `${finding.range.start.line + 1}:${finding.ruleId}:${finding.severity}`);
}

describe('settings', () => {
  it('accepts valid rule severities and reports bad ones without throwing', () => {
    const { settings, problems } = normalizeSettings(
      { enable: 'yes', rules: { 'missing-timeout': 'error', 'no-such-rule': 'off', 'missing-retry': 'loud' } },
      ruleIds,
    );
    assert.deepEqual(settings, { ...defaultSettings, rules: { 'missing-timeout': 'error' } });
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /"enable" must be true or false/);
    assert.match(problems.join('\n'), /unknown rule "no-such-rule"/);
    assert.match(problems.join('\n'), /rule "missing-retry": severity must be/);
  });

  it('reads scan and helper settings and rejects bad values', () => {
    const good = normalizeSettings({ scan: { onStartup: false, maxFiles: 10 }, helperPath: 'lib/http.ts' }, ruleIds);
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.settings.scan, { onStartup: false, maxFiles: 10 });
    assert.equal(good.settings.helperPath, 'lib/http.ts');
    const bad = normalizeSettings({ scan: { onStartup: 1, maxFiles: -3 }, helperPath: '../outside.ts' }, ruleIds);
    assert.equal(bad.problems.length, 3);
    assert.deepEqual(bad.settings.scan, defaultSettings.scan);
    assert.equal(bad.settings.helperPath, defaultSettings.helperPath);
  });

  it('treats a non-object as no settings', () => {
    assert.deepEqual(normalizeSettings(42, ruleIds).settings, defaultSettings);
    assert.deepEqual(normalizeSettings(undefined, ruleIds), { settings: defaultSettings, problems: [] });
  });

  it('applies per-rule severity and off', () => {
    const base = analyze(fanOut);
    assert.ok(base.includes('1:unbounded-concurrency:warning'));
    assert.ok(base.includes('1:missing-timeout:warning'));
    const tuned = analyze(fanOut, { ...defaultSettings, rules: { 'missing-timeout': 'off', 'unbounded-concurrency': 'error' } });
    assert.ok(tuned.includes('1:unbounded-concurrency:error'));
    assert.ok(!tuned.some((key) => key.includes('missing-timeout')));
  });

  it('reports nothing when disabled', () => {
    assert.deepEqual(analyze(fanOut, { ...defaultSettings, enable: false }), []);
  });
});

describe('disable comments', () => {
  it('disables named rules on the next line only', () => {
    const text = `// http-resilience-disable-next-line missing-timeout, missing-retry\n${fanOut}${fanOut}`;
    const keys = analyze(text);
    assert.ok(keys.includes('2:unbounded-concurrency:warning'));
    assert.ok(!keys.includes('2:missing-timeout:warning'));
    assert.ok(keys.includes('3:missing-timeout:warning'));
  });

  it('disables every rule on the next line when no id is given', () => {
    const keys = analyze(`// http-resilience-disable-next-line\n${fanOut}${fanOut}`);
    assert.ok(!keys.some((key) => key.startsWith('2:')));
    assert.ok(keys.some((key) => key.startsWith('3:')));
  });

  it('disables a rule for the whole file', () => {
    const keys = analyze(`/* http-resilience-disable unbounded-concurrency */\n${fanOut}${fanOut}`);
    assert.ok(!keys.some((key) => key.includes('unbounded-concurrency')));
    assert.ok(keys.includes('3:missing-timeout:warning'));
  });
});

describe('where code runs', () => {
  it('skips test files and browser-only files', () => {
    assert.deepEqual(analyze(fanOut, defaultSettings, '/virtual/src/app.test.ts'), []);
    assert.deepEqual(analyze(fanOut, defaultSettings, '/virtual/src/__tests__/app.ts'), []);
    assert.deepEqual(analyze(`'use client';\n${fanOut}`), []);
    assert.deepEqual(analyze(`import { createRoot } from 'react-dom/client';\n${fanOut}`), []);
    assert.deepEqual(analyze(fanOut, defaultSettings, '/virtual/dev-packages/node-integration-tests/suites/a.ts'), []);
    assert.deepEqual(analyze(fanOut, defaultSettings, '/virtual/e2e-tests/app.ts'), []);
    // Deno (and Bun) code skips the Node socket rules, but its requests still need a deadline (missing-timeout.md).
    assert.deepEqual(analyze(`Deno.serve(() => new Response());\n${fanOut}`), ['2:missing-timeout:warning']);
  });

  it('keeps analysing paths that merely mention tests, and locals named like DOM globals', () => {
    assert.ok(analyze(fanOut, defaultSettings, '/virtual/test-fixtures/app.ts').length > 0);
    assert.ok(analyze(fanOut, defaultSettings, '/virtual/src/contest/app.ts').length > 0);
    assert.ok(analyze(`const document = { title: 'x' };\nexport const t = document.title;\n${fanOut}`).length > 0);
  });

  it('reads test directories inside the repository only, not where the checkout lives', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-root-'));
    try {
      const checkout = path.join(base, 'ci-e2e', 'tests', 'main');
      fs.mkdirSync(path.join(checkout, '.git'), { recursive: true });
      fs.mkdirSync(path.join(checkout, 'src', 'e2e'), { recursive: true });
      assert.ok(analyze(fanOut, defaultSettings, path.join(checkout, 'src', 'app.ts')).length > 0, 'production code in a checkout under ci-e2e/tests/');
      assert.deepEqual(analyze(fanOut, defaultSettings, path.join(checkout, 'src', 'e2e', 'app.ts')), [], 'test code inside it');
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
