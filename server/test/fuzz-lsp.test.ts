/**
 * Property: the real language server (dist/server.js over stdio) takes whatever an editor may send while
 * someone types — a fixture opened, then mutated (truncated, spans deleted or duplicated, tokens inserted)
 * by incremental changes, one batch of them or a full-text change — and answers every code action request
 * (quick fixes for the diagnostics it published, a stale or out-of-range diagnostic, fix all), publishes
 * diagnostics within the document for text that parses, logs no failure and never crashes. Each run uses
 * a document of its own (a new file name beside the fixture, so its imports resolve) and closes it.
 * Fixed seed (FUZZ_SEED overrides it, FUZZ_RUNS the number of runs).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { CodeAction, Diagnostic, Range, TextDocumentContentChangeEvent, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { firstSyntaxError, parseSource } from '../src/analysis/parse';
import { copyFixtures, fuzzRuns, fuzzSeed, loadFixtures, mutatedFixture, mutate, reproduceHint } from './support/fuzz-mutations';
import { type LspSession, startServer } from './support/lsp-harness';

const runs = fuzzRuns(200);
/** How long one request or one diagnostics publication may take before the server counts as stuck. */
const answerMs = 15_000;

/** Rejects when `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** True when `range` lies within `document` (LSP lines and UTF-16 characters). */
function inside(document: TextDocument, range: Range): boolean {
  const { start, end } = range;
  if (start.line < 0 || end.line >= document.lineCount || start.line > end.line) return false;
  const lineLength = (line: number) => document.offsetAt({ line: line + 1, character: 0 }) - document.offsetAt({ line, character: 0 });
  return start.character >= 0 && start.character <= lineLength(start.line) && end.character <= lineLength(end.line);
}

describe('fuzz: the language server over mutated fixtures', () => {
  let dir: string;
  let server: LspSession;
  const fixtures = loadFixtures();
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-fuzz-lsp-'));
    copyFixtures(dir);
    server = await startServer(dir, { scan: { onStartup: false } }, {
      capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
    });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`answers every request and never crashes (seed ${fuzzSeed}, ${runs} runs)`, { timeout: 180_000 }, async () => {
    let counter = 0;
    const input = fc.record({
      mutated: mutatedFixture(fixtures),
      delivery: fc.constantFrom('incremental' as const, 'batched' as const, 'full' as const),
      fixAll: fc.boolean(),
      outOfRange: fc.boolean(),
    });
    const property = fc.asyncProperty(input, async ({ mutated: { fixture, mutations }, delivery, fixAll, outOfRange }) => {
      const logsBefore = server.logs.length;
      const file = path.join(dir, path.dirname(fixture.name), `fuzz-${++counter}-${path.basename(fixture.name)}`);
      const uri = pathToFileURL(file).href;
      const languageId = /\.[cm]?jsx?$/.test(file) ? 'javascript' : 'typescript';
      const { edits, text } = mutate(fixture.text, mutations);
      const parses = !firstSyntaxError(parseSource(file, text));
      const published = parses ? server.waitForDiagnostics(uri, () => true, answerMs) : undefined;
      // Every text the document has on the way: diagnostics may belong to any of them.
      const versions: TextDocument[] = [];
      let document = TextDocument.create(uri, languageId, 1, fixture.text);
      versions.push(document);
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: fixture.text } });
      const changes: TextDocumentContentChangeEvent[] = [];
      for (const edit of edits) {
        const change = { range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, text: edit.newText };
        document = TextDocument.update(TextDocument.create(uri, languageId, document.version, document.getText()), [change], document.version + 1);
        versions.push(document);
        if (delivery === 'incremental') {
          await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [change] });
        } else {
          changes.push(change);
        }
      }
      if (delivery === 'batched') {
        await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: changes });
      } else if (delivery === 'full') {
        await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [{ text }] });
      }
      assert.equal(document.getText(), text);

      // Quick fixes for whatever was published for it last (maybe for an older text), and a diagnostic past its end.
      const shown = [...server.published].reverse().find((params) => params.uri === uri)?.diagnostics ?? [];
      const stray: Diagnostic = { range: { start: { line: 10_000, character: 5 }, end: { line: 10_000, character: 9 } }, message: 'stray', source: 'http-resilience', code: 'missing-timeout' };
      const whole = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
      const requests: Array<Promise<CodeAction[]>> = [
        server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: outOfRange ? [...shown, stray] : shown } }),
      ];
      if (fixAll) requests.push(server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll.httpResilience'] } }));
      for (const actions of await within(Promise.all(requests), answerMs, 'answer to codeAction')) {
        assert.ok(Array.isArray(actions), 'code actions are a list');
        for (const action of actions) {
          for (const change of action.edit?.documentChanges ?? []) {
            if (!('textDocument' in change) || change.textDocument.uri !== uri) continue;
            const own = change.edits as TextEdit[];
            for (const edit of own) assert.ok(inside(document, edit.range), `${action.title}: edit at ${JSON.stringify(edit.range)} outside the document`);
            TextDocument.applyEdits(document, own); // throws on overlapping edits
          }
        }
      }
      if (published) {
        const diagnostics = await published;
        assert.ok(
          versions.some((version) => diagnostics.every((diagnostic) => inside(version, diagnostic.range))),
          `diagnostics outside the document: ${JSON.stringify(diagnostics.map((diagnostic) => diagnostic.range))}`,
        );
      }
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.equal(server.process.exitCode, null, `the server exited: ${server.stderr}`);
      assert.deepEqual(
        server.logs.slice(logsBefore).filter((line) => /failed|error/i.test(line)),
        [],
      );
    });
    try {
      // Always tried first: what the fuzzing found once (a U+2028 line separator put diagnostics on the wrong line).
      const fixture = fixtures.find((candidate) => candidate.name === 'unbounded-concurrency/aliased/src/page.ts')!;
      const found = { mutated: { fixture, mutations: [{ kind: 'insert' as const, at: 206, token: '\u2028' }] }, delivery: 'batched' as const, fixAll: false, outOfRange: false };
      await fc.assert(property, { seed: fuzzSeed, numRuns: runs, examples: [[found]] });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${reproduceHint('server/test/fuzz-lsp.test.ts', fuzzSeed, runs)}`, { cause: error });
    }
    // Still answering, and it shuts down cleanly.
    assert.deepEqual(await within(server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: pathToFileURL(path.join(dir, 'none.ts')).href }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), answerMs, 'answer'), []);
    assert.equal(await server.stop(), 0);
  });
});
