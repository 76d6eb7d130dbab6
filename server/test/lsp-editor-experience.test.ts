/**
 * The editor experience over the real protocol (the built server over stdio): "Fix all HTTP Resilience
 * problems" in the quick-fix menu (resolved when chosen), "Show documentation for <rule>" and the docs
 * command (window/showDocument of the shipped page), the log lines (start, scan) and the traces with
 * timings, and Scan Workspace counting open files with their editor text.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, ShowDocumentParams, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import manifest from '../../package.json';
import { Commands, type ScanResult } from '../src/shared/protocol';
import { ruleDocsUrl } from '../src/rules';
import { cleanupAfter } from './support/cleanup';
import { type LspSession, startServer } from './support/lsp-harness';

const fanOut = "export async function load(ids: string[]) {\n  return Promise.all(ids.map((id) => fetch(`https://api.example.com/${id}`)));\n}\n";
const repoDocs = path.resolve(__dirname, '../../docs/rules');

let dir: string;
let server: LspSession;
const shown: ShowDocumentParams[] = [];
const traces: string[] = [];
const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).href;
let version = 1;
const open = (name: string, text: string) =>
  server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId: 'typescript', version: version++, text } });
const change = (name: string, text: string) =>
  server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(name), version: version++ }, contentChanges: [{ text }] });

function actionsFor(name: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(name) }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

function ownEdits(action: CodeAction, uri: string): TextEdit[] {
  const own = (action.edit?.documentChanges ?? []).find((edit) => 'textDocument' in edit && edit.textDocument.uri === uri) as TextDocumentEdit | undefined;
  return (own?.edits ?? []) as TextEdit[];
}

const apply = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create('file:///x.ts', 'typescript', 1, text), edits);

/** Resolves once `accept` holds for something `list` collected, or rejects after `ms`. */
async function until<T>(list: T[], accept: (item: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = list.find(accept);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms; got:\n${list.map(String).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('editor experience over stdio', { timeout: 90_000 }, () => {
  const cleanup = cleanupAfter({ after });
  before(async () => {
    dir = cleanup.defer(fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-editor-')), (made) => fs.rmSync(made, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, 'package.json'), '{\n  "name": "demo"\n}\n');
    for (const name of ['a.ts', 'b.ts', 'c.ts']) fs.writeFileSync(path.join(dir, name), fanOut);
    fs.writeFileSync(path.join(dir, 'quiet.ts'), 'export const answer = 42;\n');
    server = cleanup.defer(
      await startServer(dir, { scan: { onStartup: false } }, {
        capabilities: {
          workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
          textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } },
          window: { workDoneProgress: true, showDocument: { support: true } },
        },
      }),
      (started) => started.stop(),
    );
    server.connection.onRequest('window/showDocument', (params: ShowDocumentParams) => {
      shown.push(params);
      return { success: true };
    });
    server.connection.onNotification('$/logTrace', (params: { message: string }) => {
      traces.push(params.message);
    });
  });

  it('logs the start with the version', async () => {
    const line = await until(server.logs, (log) => log.includes('language server started'), 'start line');
    assert.ok(line.startsWith(`http-resilience ${manifest.version} language server started (Node ${process.version},`), line);
  });

  it('offers "Fix all HTTP Resilience problems" in the quick-fix menu and fills in its edit when chosen', async () => {
    const published = server.waitForDiagnostics(uriOf('a.ts'), (items) => items.length >= 3);
    await open('a.ts', fanOut);
    const diagnostics = await published;
    const timeout = diagnostics.find((diagnostic) => diagnostic.code === 'missing-timeout')!;
    const actions = await actionsFor('a.ts', [timeout]);
    const fixAll = actions.filter((action) => action.title === 'Fix all HTTP Resilience problems');
    assert.equal(fixAll.length, 1, actions.map((action) => action.title).join(', '));
    assert.equal(fixAll[0].kind, 'quickfix');
    assert.equal(fixAll[0].edit, undefined, 'computed only when chosen');
    assert.ok(actions.some((action) => action.isPreferred && action.kind === 'quickfix'), 'next to the finding’s own fix');
    const resolved: CodeAction = await server.connection.sendRequest('codeAction/resolve', fixAll[0]);
    const [source] = await actionsFor('a.ts', [], ['source.fixAll.httpResilience']);
    const fixed = apply(fanOut, ownEdits(resolved, uriOf('a.ts')));
    assert.notEqual(fixed, fanOut);
    assert.equal(fixed, apply(fanOut, ownEdits(source, uriOf('a.ts'))), 'the same result as source.fixAll.httpResilience');
    assert.match(fixed, /mapLimit\(ids, 8,/);
  });

  it('resolves a Fix all offered for an older version to nothing', async () => {
    const published = server.waitForDiagnostics(uriOf('b.ts'), (items) => items.length >= 3);
    await open('b.ts', fanOut);
    const diagnostics = await published;
    const fixAll = (await actionsFor('b.ts', diagnostics.slice(0, 1))).find((action) => action.title === 'Fix all HTTP Resilience problems')!;
    const republished = server.waitForDiagnostics(uriOf('b.ts'));
    await change('b.ts', `${fanOut}\n`);
    await republished;
    const resolved: CodeAction = await server.connection.sendRequest('codeAction/resolve', fixAll);
    assert.equal(resolved.edit, undefined);
  });

  it('offers no Fix all and no docs for diagnostics that are not ours', async () => {
    const foreign: Diagnostic = { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } }, message: 'x', source: 'eslint', code: 'no-undef' };
    const actions = await actionsFor('a.ts', [foreign]);
    assert.deepEqual(actions.map((action) => action.title).filter((title) => /Fix all|documentation/.test(title)), []);
  });

  it('offers "Show documentation for <rule>" once per rule, and the command shows the shipped page', async () => {
    const diagnostics = server.published.filter((item) => item.uri === uriOf('a.ts')).at(-1)!.diagnostics;
    const actions = await actionsFor('a.ts', diagnostics);
    const docs = actions.filter((action) => action.title.startsWith('Show documentation for '));
    const rules = [...new Set(diagnostics.map((diagnostic) => String(diagnostic.code)))].sort();
    assert.deepEqual(docs.map((action) => action.title.slice('Show documentation for '.length)).sort(), rules);
    const timeoutDocs = docs.find((action) => action.title.endsWith('missing-timeout'))!;
    assert.equal(timeoutDocs.kind, 'quickfix');
    assert.deepEqual(timeoutDocs.command, { title: timeoutDocs.title, command: Commands.openRuleDocs, arguments: ['missing-timeout'] });
    const result: unknown = await server.connection.sendRequest('workspace/executeCommand', timeoutDocs.command);
    assert.equal(result, true);
    const page = shown.at(-1)!;
    assert.equal(page.external, undefined, 'the Markdown file, not the web page');
    assert.equal(fileURLToPath(page.uri), path.join(repoDocs, 'missing-timeout.md'));
    assert.ok(fs.existsSync(fileURLToPath(page.uri)));
  });

  it('shows nothing for an id that is not a rule', async () => {
    const before = shown.length;
    const result: unknown = await server.connection.sendRequest('workspace/executeCommand', { command: Commands.openRuleDocs, arguments: ['../../package'] });
    assert.equal(result, false);
    assert.equal(shown.length, before);
  });

  it('links diagnostics to the page of this version on the web', () => {
    const diagnostics = server.published.filter((item) => item.uri === uriOf('a.ts')).at(-1)!.diagnostics;
    for (const diagnostic of diagnostics) assert.equal(diagnostic.codeDescription?.href, ruleDocsUrl(String(diagnostic.code)));
  });

  it('traces each lint with its timings once the client turns tracing on', async () => {
    const linted = (message: string) => /^Linted .*c\.ts \(version \d+\) for diagnostics: \d+ findings, parse \d+\.\d ms, rules \d+\.\d ms$/.test(message);
    assert.equal(traces.filter(linted).length, 0, 'nothing is traced while tracing is off');
    await server.connection.sendNotification('$/setTrace', { value: 'messages' });
    await open('c.ts', fanOut);
    await until(traces, linted, 'trace of the lint of c.ts');
  });

  it('Scan Workspace counts the open files too, with their editor text, and logs a line', async () => {
    // b.ts is open with the fan-out; a.ts open too; c.ts open; quiet.ts is not open and has no findings.
    const edited = "export const local = 'edited in the editor';\n";
    const republished = server.waitForDiagnostics(uriOf('c.ts'), (items) => items.length === 0);
    await change('c.ts', edited);
    await republished;
    const result: ScanResult = await server.connection.sendRequest('workspace/executeCommand', { command: Commands.scanWorkspace, arguments: [] });
    assert.deepEqual(result, { filesAnalyzed: 4, filesWithFindings: 2, findings: 6, skipped: 0, cancelled: false });
    const line = await until(server.logs, (log) => log.startsWith('Workspace scan:'), 'scan line');
    assert.match(line, /^Workspace scan: 6 findings in 2 of 4 files \(3 open\) in \d+ ms\.$/);
  });
});
