/** missing-retry offers `withRetry` only when the request is visibly idempotent: a wrapped POST would be sent twice. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile } from '../src/engine/analyze-file';
import { ProjectHost } from '../src/analysis/project/project-host';
import { defaultSettings } from '../src/shared/settings';

function retryFixes(call: string): Array<boolean> {
  const text = `export async function sync(ids: string[], init: RequestInit) {\n  for (const id of ids) {\n    const res = await ${call};\n    await res.text();\n  }\n}\n`;
  const host = new ProjectHost(() => undefined);
  return analyzeFile(host.setFile('/virtual/src/jobs/sync.ts', text), defaultSettings)
    .filter((finding) => finding.ruleId === 'missing-retry')
    .map((finding) => finding.fix !== undefined);
}

describe('missing-retry quick fix', () => {
  it('is offered for GETs it can see', () => {
    assert.deepEqual(retryFixes('fetch(`https://api.example.com/items/${id}`, { signal: AbortSignal.timeout(5_000) })'), [true]);
    assert.deepEqual(retryFixes('fetch(`https://api.example.com/items/${id}`)'), [true]);
  });

  it('is not offered when the options may carry another method', () => {
    // (Options it cannot read may also hold a retrying dispatcher, so these are not flagged at all.)
    assert.ok(!retryFixes('fetch(`https://api.example.com/items/${id}`, init)').includes(true));
    assert.ok(!retryFixes('fetch(`https://api.example.com/items/${id}`, { ...init, signal: AbortSignal.timeout(5_000) })').includes(true));
    assert.ok(!retryFixes("fetch(`https://api.example.com/items/${id}`, { method: 'POST' })").includes(true));
  });
});
