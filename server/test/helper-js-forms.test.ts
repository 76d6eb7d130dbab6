/**
 * The helper's JavaScript forms (dist/resources/resilient-http.{cjs,mjs}, generated at build) in use:
 * `lint --fix` rewrites a CommonJS and an ES-module project, and the fixed code runs in Node against a
 * real server on 127.0.0.1 — every request answered, never more than the limit in flight.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import * as helper from '../resources/resilient-http';
import { cleanupAfter } from './support/cleanup';
import { type LoadServer, startServer } from './support/load-servers';
import { runCli } from './support/run-cli';

const root = path.resolve(__dirname, '../..');

const naiveJob = (moduleStyle: 'cjs' | 'mjs') => {
  const body = 'async function fetchAll(urls) {\n  const responses = await Promise.all(urls.map((url) => fetch(url)));\n  return Promise.all(responses.map((res) => res.text()));\n}\n';
  return moduleStyle === 'cjs' ? `'use strict';\n\n${body}\nmodule.exports = { fetchAll };\n` : `export ${body}`;
};

describe('the helper in JavaScript projects', { timeout: 60_000 }, () => {
  const cleanup = cleanupAfter({ after });
  let scratch: string;
  let server: LoadServer;
  before(async () => {
    scratch = cleanup.defer(fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-js-forms-')), (made) => fs.rmSync(made, { recursive: true, force: true }));
    server = cleanup.defer(await startServer({ delayMs: 5 }), (started) => started.close());
  });

  for (const moduleStyle of ['cjs', 'mjs'] as const) {
    it(`fixes a ${moduleStyle === 'cjs' ? 'CommonJS' : 'ES-module'} project, and the fixed code runs bounded`, async () => {
      const project = path.join(scratch, moduleStyle);
      const job = path.join(project, 'src', `jobs.${moduleStyle === 'cjs' ? 'js' : 'mjs'}`);
      fs.mkdirSync(path.dirname(job), { recursive: true });
      fs.writeFileSync(path.join(project, 'package.json'), '{\n  "name": "demo"\n}\n');
      // The fixed code imports `undici`, as it would after `npm install`: ours stands in.
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
      fs.writeFileSync(job, naiveJob(moduleStyle));

      await runCli(['lint', '--fix', '.'], { cwd: project, env: { ...process.env, NO_COLOR: '1' } });
      const fixed = fs.readFileSync(job, 'utf8');
      const helperFile = path.join(project, 'src', `resilient-http.${moduleStyle}`);
      assert.ok(fs.existsSync(helperFile), `${helperFile} was created`);
      assert.match(fixed, /mapLimit\(urls, 8, /);
      assert.match(fixed, moduleStyle === 'cjs' ? /require\('\.\/resilient-http\.cjs'\)/ : /from '\.\/resilient-http\.mjs'/);

      const loaded = (await import(pathToFileURL(job).href)) as { fetchAll?: unknown; default?: { fetchAll?: unknown } };
      const fetchAll = (loaded.fetchAll ?? loaded.default?.fetchAll) as (urls: string[]) => Promise<string[]>;
      const before = server.arrivals.length;
      const bodies = await fetchAll(Array.from({ length: 40 }, (_, i) => `${server.url}?i=${i}`));
      assert.equal(bodies.length, 40);
      assert.ok(bodies.every((body) => body === 'ok'));
      assert.equal(server.arrivals.length - before, 40);
      assert.ok(server.maxInFlight <= 8, `at most 8 in flight, saw ${server.maxInFlight}`);
    });
  }

  it('exports the same names as the TypeScript helper', async () => {
    const expected = Object.keys(helper).sort();
    // Loaded the way a CommonJS project loads it.
    const cjs = createRequire(__filename)(path.join(root, 'dist/resources/resilient-http.cjs')) as object;
    const mjs = (await import(pathToFileURL(path.join(root, 'dist/resources/resilient-http.mjs')).href)) as object;
    assert.deepEqual(Object.keys(cjs).filter((name) => name !== '__esModule').sort(), expected);
    assert.deepEqual(Object.keys(mjs).sort(), expected);
  });
});
