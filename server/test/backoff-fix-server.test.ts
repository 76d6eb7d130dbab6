/**
 * The backoff fix against a real server: a hand-written retry loop that goes round both on a failing status
 * and on a thrown error is fixed as `lint --fix` does, then run against a node:http server on 127.0.0.1
 * that answers 503, then resets the connection, then 200. The fixed loop must wait before each retry:
 * the time between two arrivals at the server is at least the backoff's wait. `backoffDelay` is full
 * jitter, so `Math.random` is pinned to 0.5 while the loop runs, which makes the wait before retry n
 * exactly 0.5 · base · 2^(n−1); the base comes from the user's own constant (kept small, so the test is fast).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ProjectHost } from '../src/analysis/project/project-host';
import { analyzeFile } from '../src/engine/analyze-file';
import { fixToFixedPoint } from '../src/engine/fixes/fix-passes';
import { readHelperTemplate } from '../src/engine/fixes/helper-template';
import { fixDefaults } from '../src/shared/fix-defaults';
import { defaultSettings } from '../src/shared/settings';

const repoModules = path.resolve(__dirname, '../../node_modules');
const pinnedRandom = 0.5;

/** The loops as users write them: the 5xx path `continue`s or falls through; only `catch` might wait. */
const loops = {
  constantInCatch: {
    base: 200,
    source: `const RETRY_DELAY_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function load(url: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return await res.text();
      await res.body?.cancel();
    } catch (error) {
      if (attempt === 2) throw error;
      await sleep(RETRY_DELAY_MS);
    }
  }
  throw new Error('gave up');
}
`,
  },
  noDelay: {
    base: fixDefaults.baseDelayMs,
    source: `export async function load(url: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) {
        await res.body?.cancel();
        continue;
      }
      return await res.text();
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  throw new Error('gave up');
}
`,
  },
};

/** Answers 503, then destroys the connection under the second request, then 200; records when each request arrived. */
function flakyServer(): Promise<{ url: string; warmUp: string; arrivals: number[]; close: () => Promise<void> }> {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    // The warm-up request (fetch's first use in the process is slow) is not counted.
    if (req.url === '/warm-up') return void res.writeHead(503).end('warming up');
    arrivals.push(performance.now());
    if (arrivals.length === 1) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
    } else if (arrivals.length === 2) {
      req.socket.destroy();
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/item`,
        warmUp: `http://127.0.0.1:${port}/warm-up`,
        arrivals,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

describe('the backoff fix waits before every retry (real server)', () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-backoff-'));
  fs.symlinkSync(repoModules, path.join(temp, 'node_modules'), 'dir');
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  for (const [name, loop] of Object.entries(loops)) {
    it(`${name}: fixed, it waits ≥ the backoff before the 5xx retry and before the reset retry`, async () => {
      const dir = path.join(temp, name);
      fs.mkdirSync(dir);
      const file = path.join(dir, 'load.ts');
      const run = fixToFixedPoint(new ProjectHost(), file, loop.source, defaultSettings, {
        helperPath: path.join(dir, 'resilient-http.ts'),
        readFile: () => undefined,
        template: readHelperTemplate,
      });
      assert.ok(run.applied.includes('retry-without-backoff'), `the backoff fix applies (applied: ${run.applied.join(', ')})`);
      assert.ok(run.helper.create, 'the fix installs the helper');
      const again = analyzeFile(new ProjectHost().setFile(file, run.text), defaultSettings);
      assert.deepEqual(again.filter((finding) => finding.ruleId === 'retry-without-backoff').map((finding) => finding.message), [], 'nothing left to report');
      fs.writeFileSync(file, run.text);
      fs.writeFileSync(run.helper.create.path, run.helper.create.text);
      const fixed = (await import(pathToFileURL(file).href)) as { load: (url: string) => Promise<string> };

      const server = await flakyServer();
      const random = Math.random;
      try {
        await (await fetch(server.warmUp)).body?.cancel();
        Math.random = () => pinnedRandom;
        assert.equal(await fixed.load(server.url), 'ok');
      } finally {
        Math.random = random;
        await server.close();
      }
      assert.equal(server.arrivals.length, 3, 'first try, retry after the 503, retry after the reset');
      const [first, second, third] = server.arrivals;
      // The wait before retry n is 0.5 · base · 2^(n−1); timers may fire up to 1 ms early by rounding.
      const minimum = (retry: number) => pinnedRandom * loop.base * 2 ** (retry - 1) - 1;
      assert.ok(second - first >= minimum(1), `after the 503 it waited ${(second - first).toFixed(1)} ms, at least ${minimum(1)} ms expected`);
      assert.ok(third - second >= minimum(2), `after the reset it waited ${(third - second).toFixed(1)} ms, at least ${minimum(2)} ms expected`);
    });
  }
});
