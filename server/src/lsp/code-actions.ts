/**
 * Code actions: the rule's quick fix (with the helper installation in the same WorkspaceEdit, so one
 * undo reverts it), "Disable <rule> for this line / file", "Show documentation for <rule>", "Fix all HTTP
 * Resilience problems" in the quick-fix menu (as ESLint's "Fix all auto-fixable problems"; its edit is
 * computed on `codeAction/resolve`, only when chosen) and `source.fixAll.httpResilience`. The quick fixes
 * come from the findings of the document's last lint (diagnostics.ts keeps them per version).
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextDocuments,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ReportedFinding } from '@shared/findings';
import { disableFileFix, disableLineFix } from '../engine/fixes/disable-comments';
import { type FileFixes, type HelperContext, planFileFixes } from '../engine/fixes/fix-file';
import { readHelperTemplate } from '../engine/fixes/helper-template';
import { ProjectHost } from '../analysis/project/project-host';
import { fixToFixedPoint } from '../engine/fixes/fix-passes';
import type { Fix, TextEdit } from '@shared/edits';
import type { Settings } from '@shared/settings';
import { Commands } from '@shared/protocol';
import { uriToPath } from './convert';
import { workspaceEditFor } from './workspace-edit';
import type { Workspace } from './workspace';

/** The fix-all code action kind clients can ask for on save (`editor.codeActionsOnSave`). */
export const fixAllKind = `${CodeActionKind.SourceFixAll}.httpResilience`;

/** The title of the fix-all action in the quick-fix menu and under Source Action…. */
const fixAllTitle = 'Fix all HTTP Resilience problems';

/** What a quick-fix-menu "Fix all" carries until it is resolved: the document and the version it was offered for. */
interface FixAllData {
  fixAll: { uri: string; version: number };
}

/** What the provider needs from the server. */
export interface CodeActionContext {
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  settingsFor(uri: string): Promise<Settings>;
  /** The findings for the document's current version (its last lint's, else linted now); undefined while it does not parse. */
  findingsFor(document: TextDocument, settings: Settings): ReportedFinding[] | undefined;
  /** Whether the client applies `documentChanges` with file creation. */
  canCreateFiles(): boolean;
  log: (line: string) => void;
}

/** Answers `textDocument/codeAction`; never throws. */
export async function provideCodeActions(context: CodeActionContext, params: CodeActionParams): Promise<CodeAction[]> {
  const document = context.documents.get(params.textDocument.uri);
  const filePath = uriToPath(params.textDocument.uri);
  if (!document || !filePath) return [];
  try {
    const settings = await context.settingsFor(document.uri);
    const findings = context.findingsFor(document, settings);
    if (!findings) return [];
    const helper = helperContext(context, filePath, settings);
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (!only || only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) {
      const documented = new Set<string>();
      for (const diagnostic of params.context.diagnostics) {
        const finding = findings.find((candidate) => matches(candidate, diagnostic, document));
        if (!finding) continue;
        actions.push(...quickFixes(context, document, filePath, finding, diagnostic, helper));
        if (!documented.has(finding.ruleId)) actions.push(docsAction(finding.ruleId, diagnostic));
        documented.add(finding.ruleId);
      }
      // Offered with our problems' fixes, like ESLint's; the passes run only when it is chosen (resolve).
      if (documented.size > 0 && findings.some((finding) => finding.fix)) actions.push(lazyFixAll(document));
    }
    if (only?.some((kind) => fixAllKind.startsWith(kind) && kind.startsWith(CodeActionKind.Source))) {
      const fixAll = fixAllAction(context, document, filePath, settings, helper);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  } catch (error) {
    context.log(`Code actions for ${filePath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return [];
  }
}

/** Completes a quick-fix-menu "Fix all" with its edit; an action that is not ours, or of another version, comes back unchanged. */
export async function resolveCodeAction(context: CodeActionContext, action: CodeAction): Promise<CodeAction> {
  const data = (action.data as Partial<FixAllData> | undefined)?.fixAll;
  if (!data) return action;
  const document = context.documents.get(data.uri);
  const filePath = uriToPath(data.uri);
  if (!document || !filePath || document.version !== data.version) return action;
  try {
    const settings = await context.settingsFor(document.uri);
    const fixAll = fixAllAction(context, document, filePath, settings, helperContext(context, filePath, settings));
    return fixAll ? { ...action, edit: fixAll.edit } : action;
  } catch (error) {
    context.log(`Fix all for ${filePath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return action;
  }
}

function lazyFixAll(document: TextDocument): CodeAction {
  const data: FixAllData = { fixAll: { uri: document.uri, version: document.version } };
  return { title: fixAllTitle, kind: CodeActionKind.QuickFix, data };
}

function docsAction(ruleId: string, diagnostic: Diagnostic): CodeAction {
  const title = `Show documentation for ${ruleId}`;
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: Commands.openRuleDocs, arguments: [ruleId] } };
}

function matches(finding: ReportedFinding, diagnostic: Diagnostic, document: TextDocument): boolean {
  return diagnostic.source === 'http-resilience' && diagnostic.code === finding.ruleId && document.offsetAt(diagnostic.range.start) === finding.start;
}

function helperContext(context: CodeActionContext, filePath: string, settings: Settings): HelperContext {
  const root = context.workspace.folderOf(filePath) ?? path.dirname(filePath);
  return {
    helperPath: path.resolve(root, settings.helperPath),
    readFile: (candidate) => readOpenOrDisk(context.documents, candidate),
    template: readHelperTemplate,
  };
}

function readOpenOrDisk(documents: TextDocuments<TextDocument>, filePath: string): string | undefined {
  const open = documents.all().find((document) => uriToPath(document.uri) === filePath);
  if (open) return open.getText();
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

function quickFixes(context: CodeActionContext, document: TextDocument, filePath: string, finding: ReportedFinding, diagnostic: Diagnostic, helper: HelperContext): CodeAction[] {
  const actions: CodeAction[] = [];
  if (finding.fix) {
    const fixes = planFileFixes(filePath, document.getText(), [finding], helper);
    // Without file creation the helper import would point nowhere: offer only what the client can apply.
    if (fixes.applied.length > 0 && (!fixes.helper?.create || context.canCreateFiles())) actions.push(action(finding.fix.title, CodeActionKind.QuickFix, diagnostic, workspaceEditFor(document, fixes, context.canCreateFiles()), true));
  }
  const text = document.getText();
  for (const fix of [disableLineFix(text, finding.start, finding.ruleId), disableFileFix(text, finding.ruleId)]) {
    actions.push(action(fix.title, CodeActionKind.QuickFix, diagnostic, workspaceEditFor(document, single(fix), false), false));
  }
  return actions;
}

function single(fix: Fix): FileFixes {
  return { edits: fix.edits, applied: [] };
}

/**
 * Fix all, like ESLint's fixer: passes until nothing changes, computed on a scratch host so the
 * editor's analysis is untouched; the result is one minimal edit of the document.
 */
function fixAllAction(context: CodeActionContext, document: TextDocument, filePath: string, settings: Settings, helper: HelperContext): CodeAction | undefined {
  const scratch = new ProjectHost((candidate) => readOpenOrDisk(context.documents, candidate));
  const helperFor = context.canCreateFiles() ? helper : { ...helper, template: () => undefined };
  const run = fixToFixedPoint(scratch, filePath, document.getText(), settings, helperFor);
  if (run.applied.length === 0) return undefined;
  const fixes: FileFixes = { edits: [minimalEdit(document.getText(), run.text)], applied: [], helper: run.helper };
  return action(`${fixAllTitle} (${run.applied.length})`, fixAllKind, undefined, workspaceEditFor(document, fixes, context.canCreateFiles()), false);
}

/** One edit that turns `before` into `after`, spanning only what differs. */
function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, end: before.length - tail, newText: after.slice(start, after.length - tail) };
}

function action(title: string, kind: string, diagnostic: Diagnostic | undefined, edit: WorkspaceEdit, isPreferred: boolean): CodeAction {
  return { title, kind, ...(diagnostic ? { diagnostics: [diagnostic] } : {}), edit, ...(isPreferred ? { isPreferred } : {}) };
}
