/**
 * Rule documentation inside the editor, offline: the .vsix ships docs/rules/<id>.md. A diagnostic's code links
 * to that file (package.json's `workbench.editorAssociations` default opens it in the Markdown preview), and
 * "Show documentation for <rule>" (a quick fix) and the Show Rule Documentation command open the preview.
 * The server's link (the page on unpkg for this version) stays where the shipped file is missing.
 */
import * as fs from 'node:fs';
import { commands, type Diagnostic, Uri, window } from 'vscode';

/** The `source` of our diagnostics (server/src/lsp/convert.ts). */
const diagnosticSource = 'http-resilience';
const ruleIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Finds and opens the rule pages shipped with the extension. */
export class RuleDocs {
  /** Whether each page asked for exists (diagnostics ask on every publish; the extension folder does not change). */
  private readonly pages = new Map<string, Uri | undefined>();

  constructor(private readonly extensionUri: Uri) {}

  /** The shipped page of a rule; undefined when the id is not one or the file is missing. */
  uriOf(ruleId: string): Uri | undefined {
    if (!ruleIdPattern.test(ruleId)) return undefined;
    if (!this.pages.has(ruleId)) {
      const uri = Uri.joinPath(this.extensionUri, 'docs', 'rules', `${ruleId}.md`);
      this.pages.set(ruleId, fs.existsSync(uri.fsPath) ? uri : undefined);
    }
    return this.pages.get(ruleId);
  }

  /** The ids of every shipped page, sorted. */
  ruleIds(): string[] {
    const dir = Uri.joinPath(this.extensionUri, 'docs', 'rules').fsPath;
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -'.md'.length)).sort();
  }

  /** Opens the rule's page in the Markdown preview; without an id, asks which rule first. */
  async open(ruleId?: unknown): Promise<boolean> {
    const id = typeof ruleId === 'string' ? ruleId : await window.showQuickPick(this.ruleIds(), { placeHolder: 'Which rule?' });
    if (!id) return false;
    const uri = this.uriOf(id);
    if (!uri) {
      void window.showWarningMessage(`HTTP Resilience: no documentation is shipped for ${id}.`);
      return false;
    }
    await commands.executeCommand('markdown.showPreview', uri);
    return true;
  }

  /** Points the code link of our diagnostics at the shipped page (in place; others are left alone). */
  linkToShippedPages(diagnostics: Diagnostic[]): Diagnostic[] {
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== diagnosticSource || typeof diagnostic.code !== 'object') continue;
      const target = this.uriOf(String(diagnostic.code.value));
      if (target) diagnostic.code = { value: diagnostic.code.value, target };
    }
    return diagnostics;
  }
}
