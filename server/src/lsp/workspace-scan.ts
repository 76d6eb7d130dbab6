/**
 * The workspace scan: analyses every file of the workspace folders that is not open, with LSP
 * work-done progress and cancellation, and publishes their diagnostics. Open files are counted with the
 * findings of their editor buffer (the diagnostics scheduler owns them), so the totals cover every file.
 * Each scan ends with one line in the output channel.
 */
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile } from '../engine/analyze-file';
import type { ScanResult } from '@shared/protocol';
import type { Settings } from '@shared/settings';
import { pathToUri, toDiagnostic, uriToPath } from './convert';
import type { DiagnosticsScheduler } from './diagnostics';
import type { Workspace } from './workspace';

/** What the scan needs from the server. */
export interface ScanContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  diagnostics: DiagnosticsScheduler;
  settingsFor(uri: string): Promise<Settings>;
  /** Lists the analyzable files under a folder (honouring ignores). */
  listFiles(folder: string): Promise<string[]>;
}

/** Files yielded between, so that typing in an open document is never kept waiting long. */
const filesPerSlice = 8;

const emptyResult = (): ScanResult => ({ filesAnalyzed: 0, filesWithFindings: 0, findings: 0, skipped: 0, cancelled: false });

/** Scans workspace folders and keeps track of the files whose diagnostics it published. */
export class WorkspaceScanner {
  private readonly scanned = new Set<string>();

  constructor(private readonly context: ScanContext) {}

  /** Runs a scan; `token` (or the progress UI's cancel button) stops it between files. */
  async scan(token: CancellationToken | undefined, maxFiles = Infinity): Promise<ScanResult> {
    const { connection, documents, workspace } = this.context;
    const result = emptyResult();
    const started = performance.now();
    const progress = await connection.window.createWorkDoneProgress();
    const open = new Map(documents.all().map((document) => [uriToPath(document.uri), document]));
    let openCounted = 0;
    try {
      progress.begin('HTTP Resilience: scanning workspace', 0, 'listing files…', true);
      const files: string[] = [];
      const listed = new Map<string, string[]>();
      for (const folder of workspace.folders) {
        listed.set(folder, await this.context.listFiles(folder));
        files.push(...listed.get(folder)!);
      }
      if (files.length > maxFiles) {
        connection.console.info(`Workspace scan skipped: ${files.length} files is over httpResilience.scan.maxFiles (${maxFiles}).`);
        result.skipped = files.length;
        return result;
      }
      // Who imports whom, so that a module only 'use client' code imports counts as browser code.
      progress.report(0, 'reading imports…');
      for (const [folder, folderFiles] of listed) await workspace.hostFor(folder).indexProjectFiles(folderFiles, () => new Promise((resolve) => setImmediate(resolve)));
      for (let index = 0; index < files.length; index++) {
        if (token?.isCancellationRequested || progress.token.isCancellationRequested) {
          result.cancelled = true;
          break;
        }
        if (index % filesPerSlice === 0) {
          progress.report(Math.round((index / files.length) * 100), `${index}/${files.length} files`);
          await new Promise((resolve) => setImmediate(resolve));
        }
        const document = open.get(files[index]);
        if (!document) await this.lint(files[index], result, 'unless unchanged');
        else if (await this.count(document, result)) openCounted++;
      }
    } finally {
      progress.done();
    }
    connection.console.info(describeScan(result, openCounted, performance.now() - started));
    return result;
  }

  /** Adds an open document's current findings (its buffer, not the disk) to the totals; false when it does not parse. */
  private async count(document: TextDocument, result: ScanResult): Promise<boolean> {
    const findings = this.context.diagnostics.findingsFor(document, await this.context.settingsFor(document.uri));
    if (!findings) {
      result.skipped++;
      return false;
    }
    result.filesAnalyzed++;
    result.findings += findings.length;
    if (findings.length > 0) result.filesWithFindings++;
    return true;
  }

  /** Re-lints every scanned file from disk (the project config changed). */
  async relintScanned(): Promise<void> {
    for (const filePath of [...this.scanned]) await this.lint(filePath, emptyResult());
  }

  /** Re-lints a scanned file from disk (closed, changed or deleted while closed). */
  async relint(filePath: string): Promise<void> {
    if (this.scanned.has(filePath)) await this.lint(filePath, emptyResult());
  }

  /**
   * `reread`: 'always' after a change on disk or in the config; 'unless unchanged' in a scan, where a file read
   * earlier as some file's import and still of the same text is kept (re-parsing it would drop every summary above it).
   */
  private async lint(filePath: string, result: ScanResult, reread: 'always' | 'unless unchanged' = 'always'): Promise<void> {
    const uri = pathToUri(filePath);
    const host = this.context.workspace.hostFor(filePath);
    if (reread === 'always') host.invalidate(filePath);
    const analysis = reread === 'always' ? host.getFile(filePath) : host.refresh(filePath);
    if (!analysis || analysis.syntaxError) {
      result.skipped++;
      if (!analysis && this.scanned.delete(filePath)) this.context.diagnostics.publish(uri, []);
      return;
    }
    const settings = await this.context.settingsFor(uri);
    const diagnostics = analyzeFile(analysis, settings, (line) => this.context.connection.console.error(line)).map(toDiagnostic);
    result.filesAnalyzed++;
    result.findings += diagnostics.length;
    if (diagnostics.length > 0) result.filesWithFindings++;
    this.scanned.add(filePath);
    this.context.diagnostics.publish(uri, diagnostics);
  }
}

/** The scan's line in the output channel. */
function describeScan(result: ScanResult, open: number, ms: number): string {
  const what = result.cancelled ? 'Workspace scan cancelled' : 'Workspace scan';
  const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : '';
  return `${what}: ${result.findings} findings in ${result.filesWithFindings} of ${result.filesAnalyzed} files (${open} open${skipped}) in ${Math.round(ms)} ms.`;
}
