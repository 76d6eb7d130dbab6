/**
 * Diagnostics for open documents: debounced per document, the latest version wins, stale results
 * are dropped, cleared on close; open files that import a changed file are re-analysed.
 */
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile } from '../engine/analyze-file';
import type { FileAnalysis } from '../analysis/file-analysis';
import { StatusNotification } from '../shared/protocol';
import { pathToUri, toDiagnostic, uriToPath } from './convert';
import type { SettingsCache } from './settings';
import type { Workspace } from './workspace';

/** What the scheduler needs from the server. */
export interface DiagnosticsContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  settings: SettingsCache;
}

/** Debounce for keystrokes, as typescript-language-server does. */
const typingDelayMs = 50;
/** Debounce for files re-analysed because a dependency changed. */
const dependentDelayMs = 200;

/** Schedules, runs and publishes diagnostics; keeps the per-file counts for the status bar. */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly counts = new Map<string, number>();
  private running = 0;

  constructor(private readonly context: DiagnosticsContext) {}

  /** Analyse `uri` after a pause in typing. */
  schedule(uri: string, delayMs = typingDelayMs): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => void this.run(uri), delayMs));
  }

  /** Re-analyse the open documents among `filePaths` (their dependencies changed). */
  scheduleOpen(filePaths: readonly string[]): void {
    const wanted = new Set(filePaths);
    for (const document of this.context.documents.all()) {
      const filePath = uriToPath(document.uri);
      if (filePath && wanted.has(filePath)) this.schedule(document.uri, dependentDelayMs);
    }
  }

  /** Re-analyse every open document (settings changed). */
  scheduleAll(): void {
    for (const document of this.context.documents.all()) this.schedule(document.uri);
  }

  /** Stops pending work for a closed document and clears what it showed. */
  close(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.publish(uri, []);
  }

  /** Publishes diagnostics for any file (open or scanned) and updates the status bar count. */
  publish(uri: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length > 0) this.counts.set(uri, diagnostics.length);
    else this.counts.delete(uri);
    void this.context.connection.sendDiagnostics({ uri, diagnostics });
    this.sendStatus('ready');
  }

  /** Sends the state and the total number of published findings to the client. */
  sendStatus(state: 'analyzing' | 'ready' | 'error', message?: string): void {
    let findings = 0;
    for (const count of this.counts.values()) findings += count;
    const effective = state === 'ready' && this.running > 0 ? 'analyzing' : state;
    void this.context.connection.sendNotification(StatusNotification.type, { state: effective, findings, message });
  }

  private async run(uri: string): Promise<void> {
    this.timers.delete(uri);
    const document = this.context.documents.get(uri);
    const filePath = uriToPath(uri);
    if (!document || !filePath) return;
    const version = document.version;
    const isCurrent = () => this.context.documents.get(uri)?.version === version;
    let diagnostics: Diagnostic[] | undefined;
    this.running++;
    try {
      const settings = await this.context.settings.get(uri);
      if (!isCurrent()) return;
      const analysis = this.overlay(filePath, document.getText());
      // While the user is mid-edit the tree does not parse; keep the last findings rather than flicker.
      if (analysis.syntaxError) return;
      const log = (line: string) => this.context.connection.console.error(line);
      diagnostics = analyzeFile(analysis, settings, log).map(toDiagnostic);
    } catch (error) {
      this.context.connection.console.error(`Analysis of ${filePath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.sendStatus('error', `Analysis of ${filePath} failed; see the output channel.`);
    } finally {
      this.running--;
    }
    if (diagnostics && isCurrent()) this.publish(uri, diagnostics);
  }

  /** The analysis of the document text, re-parsed only when the text changed (no re-invalidation loops). */
  private overlay(filePath: string, text: string): FileAnalysis {
    const host = this.context.workspace.hostFor(filePath);
    const current = host.getFile(filePath);
    return host.hasOverlay(filePath) && current?.text === text ? current : host.setOverlay(filePath, text);
  }
}

/** The URI for a path, matching an open document's spelling when there is one. */
export function documentUri(documents: TextDocuments<TextDocument>, filePath: string): string {
  return documents.all().find((document) => uriToPath(document.uri) === filePath)?.uri ?? pathToUri(filePath);
}
