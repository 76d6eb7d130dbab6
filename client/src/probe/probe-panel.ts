/** "Apply to helper" for a result shown in a results panel (results-panels.ts). */
import * as path from 'node:path';
import { Range, Uri, ViewColumn, window, workspace, WorkspaceEdit } from 'vscode';
import type { ProbeJson } from '@shared/probe/json';
import { settingsSection } from '@shared/protocol';
import { applyBoundAtCallSites, applyProbeResult, type CallSiteBounds, callSiteMessage } from './apply-settings';

/** Files searched for `mapLimit(…)` calls to this origin: bounded, so a huge workspace does not stall Apply. */
const maxCallSiteFiles = 2_000;

/**
 * Writes the recommendations into the probed origin's entry of `originSettings` in the helper at
 * `httpResilience.helperPath` of the first workspace folder, and the measured bound into `mapLimit` calls
 * that name the origin in a literal, as one undoable edit; says what it changed and what it left alone.
 */
export async function applyToHelper(result: ProbeJson): Promise<void> {
  const folder = workspace.workspaceFolders?.[0];
  if (!folder) {
    void window.showWarningMessage('Open a workspace folder to apply the settings to its helper.');
    return;
  }
  const configured = workspace.getConfiguration(settingsSection, folder.uri).get<string>('helperPath') ?? 'src/resilient-http.ts';
  const stem = configured.replace(/\.[cm]?[jt]s$/, '');
  for (const extension of ['.ts', '.mjs', '.cjs']) {
    const uri = Uri.file(path.join(folder.uri.fsPath, `${stem}${extension}`));
    let document;
    try {
      document = await workspace.openTextDocument(uri);
    } catch {
      continue;
    }
    const applied = applyProbeResult(document.getText(), result);
    if (!applied) {
      // An older helper has one settings block for every origin: numbers measured on one host must not become everyone's.
      void window.showWarningMessage(
        `${workspace.asRelativePath(uri)} has no originSettings (a helper before per-origin settings); nothing was changed. Re-insert the helper with a quick fix, then apply.`,
      );
      return;
    }
    const edit = new WorkspaceEdit();
    if (applied.text !== document.getText()) edit.replace(uri, new Range(document.positionAt(0), document.positionAt(document.getText().length)), applied.text);
    const callSites = await boundCallSites(result, edit, uri);
    if (edit.size > 0) await workspace.applyEdit(edit);
    await window.showTextDocument(document, ViewColumn.One);
    void window.showInformationMessage(`Applied to ${workspace.asRelativePath(uri)}: ${applied.message}${callSites ? ` ${callSites}` : ''}`);
    return;
  }
  void window.showWarningMessage(`No helper at ${configured} yet: apply a quick fix that inserts it first, then apply the probe's settings.`);
}

/** Adds the `mapLimit` bound edits for the probed origin to `edit`; the sentence saying what changed, or undefined without a bound. */
async function boundCallSites(result: ProbeJson, edit: WorkspaceEdit, helper: Uri): Promise<string | undefined> {
  const bound = result.recommendations.concurrency ?? result.recommendations.connections;
  if (bound === null) return undefined;
  const files = await workspace.findFiles('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', '**/node_modules/**', maxCallSiteFiles);
  const results: Array<{ file: string; bounds: CallSiteBounds }> = [];
  for (const uri of files) {
    if (uri.fsPath === helper.fsPath) continue;
    // The disk text first (cheap), the document (with unsaved edits) only for a file that may match.
    const onDisk = new TextDecoder().decode(await workspace.fs.readFile(uri));
    const open = workspace.textDocuments.find((candidate) => candidate.uri.fsPath === uri.fsPath);
    if (!open && (!onDisk.includes('mapLimit') || !onDisk.includes(result.origin))) continue;
    const document = open ?? (await workspace.openTextDocument(uri));
    const text = document.getText();
    if (!text.includes('mapLimit') || !text.includes(result.origin)) continue;
    const bounds = applyBoundAtCallSites(text, result.origin, bound);
    if (bounds.changed.length === 0 && bounds.notNumbers === 0) continue;
    results.push({ file: workspace.asRelativePath(uri), bounds });
    if (bounds.text !== text) edit.replace(uri, new Range(document.positionAt(0), document.positionAt(text.length)), bounds.text);
  }
  return callSiteMessage(result.origin, results, bound);
}
