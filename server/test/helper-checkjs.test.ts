/**
 * The helper's JavaScript forms (dist/resources/resilient-http.{mjs,cjs}, with the types the build writes
 * as JSDoc) in a project with `checkJs` and `strict`: the helper type-checks with 0 errors, with the real
 * undici and @types/node, and its users get real types (misuse is an error, not `any`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import { cleanupAfter } from './support/cleanup';

const root = path.resolve(__dirname, '../..');

/** Code a user writes against the helper; each `@ts-expect-error` must meet an error, so `any` would fail. */
const usage = (from: string, commonjs: boolean) => `${commonjs ? `const { limitFor, mapLimit, originSettings, resilientFetch, settingsFor, withRetry } = require('${from}');` : `import { limitFor, mapLimit, originSettings, resilientFetch, settingsFor, withRetry } from '${from}';`}

originSettings['https://api.example.com'] = { connections: 4, headersTimeoutMs: 2_000 };
// @ts-expect-error connections is a number
originSettings['https://other.example.com'] = { connections: 'four' };

/** @param {string[]} ids */
async function names(ids) {
  /** @type {string[]} */
  const bodies = await mapLimit(ids, limitFor('https://api.example.com'), async (id, _index, signal) => {
    const response = await resilientFetch(\`https://api.example.com/users/\${id}\`, { signal });
    return response.text();
  });
  // @ts-expect-error the items are strings
  await mapLimit(ids, 2, async (id) => id.toFixed(1));
  /** @type {number} */
  const status = await withRetry(async (signal, attempt) => (await resilientFetch('https://api.example.com/', { signal })).status + attempt, { maxAttempts: 2 });
  // @ts-expect-error maxAttempts is a number
  await withRetry(async () => 1, { maxAttempts: 'two' });
  return { bodies, status, timeout: settingsFor('https://api.example.com').headersTimeoutMs };
}
${commonjs ? 'module.exports = { names };' : 'export { names };'}
`;

/** A `tsc --noEmit` of `files` (absolute paths) in a strict checkJs project. */
function typeCheck(files: string[], moduleResolution: 'node16' | 'bundler'): string[] {
  const options: ts.CompilerOptions = {
    allowJs: true,
    checkJs: true,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    ...(moduleResolution === 'node16'
      ? { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }
      : { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }),
  };
  const program = ts.createProgram({ rootNames: files, options });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${path.basename(diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '-';
    return `${where}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}

describe('the helper under checkJs + strict', { timeout: 60_000 }, () => {
  const cleanup = cleanupAfter({ after });
  let project: string;
  before(() => {
    project = cleanup.defer(fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-checkjs-')), (made) => fs.rmSync(made, { recursive: true, force: true }));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(project, 'package.json'), '{\n  "name": "demo",\n  "type": "module"\n}\n');
  });

  const cases = [
    { form: 'mjs', user: 'jobs.mjs', resolution: 'node16' },
    { form: 'cjs', user: 'jobs.cjs', resolution: 'node16' },
    { form: 'mjs', user: 'jobs.js', resolution: 'bundler' },
  ] as const;
  for (const { form, user, resolution } of cases) {
    it(`type-checks resilient-http.${form} and code using it (${resolution} resolution) with 0 errors`, () => {
      const helper = path.join(root, `dist/resources/resilient-http.${form}`);
      assert.ok(fs.existsSync(helper), `${helper} is built (npm run build)`);
      const dir = path.join(project, `${form}-${resolution}`);
      fs.mkdirSync(dir);
      fs.copyFileSync(helper, path.join(dir, `resilient-http.${form}`));
      fs.writeFileSync(path.join(dir, user), usage(`./resilient-http.${form}`, form === 'cjs'));
      assert.deepEqual(typeCheck([path.join(dir, user), path.join(dir, `resilient-http.${form}`)], resolution), []);
    });
  }

  it('names no file of this repository in the text it inserts', () => {
    for (const form of ['mjs', 'cjs']) {
      const text = fs.readFileSync(path.join(root, `dist/resources/resilient-http.${form}`), 'utf8');
      assert.doesNotMatch(text, /\b(?:docs|server|scripts|test)\/[\w./-]+/, `resilient-http.${form} cites a file the user's project does not have`);
    }
    assert.doesNotMatch(fs.readFileSync(path.join(root, 'server/resources/resilient-http.ts'), 'utf8'), /\b(?:docs|server|scripts|test)\/[\w./-]+/);
  });
});
