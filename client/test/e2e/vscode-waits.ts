/** Bounded waits on the real VS Code API (no sleeps) and small readers for our diagnostics. */
import * as vscode from 'vscode';
import { compareKeys } from '../../../server/test/support/fixture-expectations';

/** The `source` our server puts on every diagnostic. */
export const ourSource = 'http-resilience';

/** Our diagnostics for a document. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === ourSource);
}

/** A diagnostic's rule id (VS Code folds the docs link into `code`). */
export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** `line:rule-id` keys (1-based lines), sorted like fixture expectations. */
export function findingKeys(diagnostics: vscode.Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.range.start.line + 1}:${ruleOf(diagnostic)}`).sort(compareKeys);
}

/** Resolves with our diagnostics for `uri` once `accept` holds; rejects after `timeoutMs` saying what it saw. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = ourDiagnostics(uri);
      if (!accept(current)) return false;
      finish();
      resolve(current);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no matching diagnostics for ${uri.fsPath} within ${timeoutMs} ms; last: ${JSON.stringify(findingKeys(ourDiagnostics(uri)))}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      listener.dispose();
    };
    check();
  });
}

/** Resolves with the extension once it is active (activating it if nobody has), bounded. */
export async function activeExtension<T>(id: string, timeoutMs = 30_000): Promise<vscode.Extension<T>> {
  const extension = vscode.extensions.getExtension<T>(id);
  if (!extension) throw new Error(`extension ${id} is not installed; installed: ${vscode.extensions.all.map((each) => each.id).join(', ')}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${id} did not activate within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([extension.activate(), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return extension;
}
