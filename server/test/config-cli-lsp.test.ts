/**
 * A project configured only through `.http-resilience.json` gets the same findings from the built CLI
 * and the language server; `--rule` wins over the file, `--config` names one, `ignores` are honoured,
 * and a broken file is reported with its position on stderr without changing the exit code's meaning.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type LspSession, startServer } from './support/lsp-harness';
import { runCli } from './support/run-cli';

const sources: Record<string, string> = {
  'src/load.ts': 'export async function load(urls: string[]) {\n  return Promise.all(urls.map((url) => fetch(url)));\n}\n',
  'src/pool.ts': "import { Pool } from 'undici';\nexport const pool = new Pool('https://api.example.com', { connections: 8, keepAliveTimeout: 3_000 });\n",
  'generated/client.ts': 'export const get = (url: string) => fetch(url);\n',
};
// Measured yesterday: a fixed date would turn stale (its message changes) 30 days after it.
const measuredAt = new Date(Date.now() - 86_400_000).toISOString();
const config = {
  rules: { 'missing-retry': 'off', 'missing-timeout': 'error', 'unbounded-concurrency': 'info' },
  ignores: ['generated/**'],
  servers: { 'https://api.example.com': { idleTimeoutMs: 3000, measuredAt } },
};

interface JsonReport {
  findings: Array<{ ruleId: string; severity: string; file: string; line: number; column: number; message: string }>;
}

describe('one configuration for the CLI and the language server', () => {
  let dir: string;
  let server: LspSession | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-config-cli-'));
    for (const [name, text] of Object.entries({ ...sources, '.http-resilience.json': JSON.stringify(config) })) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI and the server report the same findings, severities and messages', async () => {
    const run = await runCli(['lint', '.', '--format', 'json', '--no-progress'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const cli = (JSON.parse(run.stdout) as JsonReport).findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.severity} ${finding.message}`).sort();
    assert.ok(!cli.some((line) => line.startsWith('generated/')), 'ignored by the file');
    assert.ok(!cli.some((line) => line.includes(' missing-retry ')), 'turned off by the file');
    assert.ok(cli.some((line) => line.includes(' missing-timeout error ')));
    assert.ok(cli.some((line) => line.includes(' unbounded-concurrency info ')));
    assert.ok(cli.some((line) => line.includes('keepalive-mismatch') && line.includes(`(probed ${measuredAt.slice(0, 10)})`)), cli.join('\n'));

    server = await startServer(dir, { scan: { onStartup: false } });
    const severities = ['', 'error', 'warning', 'info', 'info'];
    const lsp: string[] = [];
    for (const name of Object.keys(sources)) {
      const uri = pathToFileURL(path.join(dir, name)).href;
      const published = server.waitForDiagnostics(uri);
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: sources[name] } });
      for (const diagnostic of await published) {
        lsp.push(`${name}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${String(diagnostic.code)} ${severities[diagnostic.severity ?? 0]} ${typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value}`);
      }
    }
    assert.deepEqual(lsp.sort(), cli);
  });

  it('--rule wins over the file; --config names one; a missing one is bad usage', async () => {
    const overridden = await runCli(['lint', '.', '--format', 'json', '--no-progress', '--rule', 'missing-timeout=off'], { cwd: dir });
    assert.ok(!(JSON.parse(overridden.stdout) as JsonReport).findings.some((finding) => finding.ruleId === 'missing-timeout'));
    const other = path.join(dir, 'strict.json');
    fs.writeFileSync(other, JSON.stringify({ rules: { 'missing-retry': 'error' } }));
    const named = await runCli(['lint', 'src', '--format', 'json', '--no-progress', '--config', 'strict.json'], { cwd: dir });
    assert.ok((JSON.parse(named.stdout) as JsonReport).findings.some((finding) => finding.ruleId === 'missing-retry' && finding.severity === 'error'), named.stdout);
    const missing = await runCli(['lint', '.', '--config', 'nope.json'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--config: cannot read nope\.json/);
  });

  it('a broken file is reported on stderr with its position, and the defaults apply', async () => {
    const broken = path.join(dir, 'broken');
    fs.mkdirSync(broken);
    const text = '{ "rules": { "missing-retry": "off", } }';
    fs.writeFileSync(path.join(broken, '.http-resilience.json'), text);
    fs.writeFileSync(path.join(broken, 'a.ts'), sources['src/load.ts']);
    const run = await runCli(['lint', 'broken', '--format', 'json', '--no-progress'], { cwd: dir });
    assert.equal(run.code, 1);
    const column = text.indexOf('}', text.indexOf(',')) + 1;
    assert.ok(run.stderr.includes(`${path.join(broken, '.http-resilience.json')}:1:${column}: not valid JSON (property name expected); the whole file is ignored\n`), run.stderr);
    assert.ok((JSON.parse(run.stdout) as JsonReport).findings.some((finding) => finding.ruleId === 'missing-retry'), 'the defaults apply');
  });
});
