/**
 * `unboundedFanOutOf` (analysis/concurrency.ts) skips the walk for calls in no loop or iteration call: on every call of
 * the concurrency fixtures (and every argument of one), it must answer what `fanOutOf` answers when unbounded.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fanOutOf, unboundedFanOutOf } from '../src/analysis/concurrency';
import { ProjectHost } from '../src/analysis/project/project-host';
import type { ts } from '../src/analysis/ts';
import { fixtureFiles, fixturesRoot } from './support/fixture-expectations';

const folders = ['unbounded-concurrency', 'missing-retry', 'limiter-without-bound'];

describe('unboundedFanOutOf', () => {
  const host = new ProjectHost();
  for (const folder of folders) {
    it(`matches fanOutOf's unbounded answers on every call of test-fixtures/${folder}`, () => {
      let fannedOut = 0;
      let skipped = 0;
      for (const file of fixtureFiles(path.join(fixturesRoot, folder))) {
        const analysis = host.getFile(file);
        assert.ok(analysis, file);
        for (const call of analysis.calls) {
          const nodes: ts.Node[] = [call, ...call.arguments];
          for (const node of nodes) {
            const full = fanOutOf(node, analysis);
            const expected = full && !full.bounded ? full.anchor : undefined;
            const actual: ts.Node | undefined = unboundedFanOutOf(node, analysis)?.anchor;
            const where: string = `${path.relative(fixturesRoot, file)}:${analysis.sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
            assert.equal(actual, expected, where);
            if (expected) fannedOut++;
            else if (!full) skipped++;
          }
        }
      }
      // The fixtures hold both kinds: fanned-out calls, and calls that fan out nowhere.
      assert.ok(fannedOut > 0 && skipped > 0, `${fannedOut} fanned out, ${skipped} not`);
    });
  }
});
