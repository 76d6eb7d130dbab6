/**
 * Diagnostics for open documents: debounced per document, the latest version wins, stale results
 * are dropped, cleared on close; open files that import a changed file are re-analysed. The findings
 * of each document's last lint are kept for its version, so code actions need not run the rules again.
 * With tracing on (`$/setTrace`, `httpResilience.trace.server`), every lint is traced.
 */
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile } from '../engine/analyze-file';
import type { FileAnalysis } from '../analysis/file-analysis';
import type { ReportedFinding } from '@shared/findings';
import type { Settings } from '@shared/settings';
import { StatusNotification } from '@shared/protocol';
import { toDiagnostic, uriToPath } from './convert';
import type { SettingsCache } from './settings';
import type { Workspace } from './workspace';
import { isProjectFile } from '@shared/project-files';

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

/** The findings of a document's last lint, and what they were computed from. */
interface LastLint {
  version: number;
  /** The analysis linted: another object once the document was re-parsed or its host changed. */
  analysis: FileAnalysis;
  /** The settings object it was linted with (the settings cache hands out a new one after a change). */
  settings: Settings;
  findings: ReportedFinding[];
}

/** Schedules, runs and publishes diagnostics; keeps the per-file counts for the status bar. */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly counts = new Map<string, number>();
  /** Last lint per open document URI; dropped when the document closes or anything it depends on changes. */
  private readonly lastLints = new Map<string, LastLint>();
  private running = 0;

  constructor(private readonly context: DiagnosticsContext) {}

  /** Analyse `uri` after a pause in typing. */
  schedule(uri: string, delayMs = typingDelayMs): void {
    // package.json, tsconfig: synced for what they say about source files, never linted themselves.
    if (isProjectFile(uriToPath(uri) ?? '')) return;
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => void this.run(uri), delayMs));
  }

  /** Re-analyse the open documents among `filePaths` (their dependencies changed). */
  scheduleOpen(filePaths: readonly string[]): void {
    const wanted = new Set(filePaths);
    for (const document of this.context.documents.all()) {
      const filePath = uriToPath(document.uri);
      if (!filePath || !wanted.has(filePath)) continue;
      // What it imports changed: the same text may now have other findings.
      this.lastLints.delete(document.uri);
      this.schedule(document.uri, dependentDelayMs);
    }
  }

  /** Re-analyse every open document (settings changed). */
  scheduleAll(): void {
    this.lastLints.clear();
    for (const document of this.context.documents.all()) this.schedule(document.uri);
  }

  /** Stops pending work for a closed document and clears what it showed. */
  close(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.lastLints.delete(uri);
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
      // While the user is mid-edit the tree does not parse; keep the last findings rather than flicker.
      diagnostics = this.findings(document, filePath, settings, 'diagnostics')?.map(toDiagnostic);
    } catch (error) {
      this.context.connection.console.error(`Analysis of ${filePath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.sendStatus('error', `Analysis of ${filePath} failed; see the output channel.`);
    } finally {
      this.running--;
    }
    if (diagnostics && isCurrent()) this.publish(uri, diagnostics);
  }

  /** The findings for code actions on an open document at its current version; undefined while it does not parse. */
  findingsFor(document: TextDocument, settings: Settings): ReportedFinding[] | undefined {
    const filePath = uriToPath(document.uri);
    return filePath ? this.findings(document, filePath, settings, 'code actions') : undefined;
  }

  /**
   * Those of the document's last lint when that was of its current version, with these settings, of the
   * analysis its host still holds (when something it imports changes, or the settings, that lint is
   * dropped); otherwise the document is linted now (a code action can come before the debounced lint).
   */
  private findings(document: TextDocument, filePath: string, settings: Settings, purpose: string): ReportedFinding[] | undefined {
    const last = this.lastLints.get(document.uri);
    if (last && last.version === document.version && last.settings === settings && this.context.workspace.hostFor(filePath).cached(filePath) === last.analysis) {
      this.context.connection.tracer.log(`Findings of ${filePath} (version ${document.version}) for ${purpose}: the ${last.findings.length} of its last lint`);
      return last.findings;
    }
    return this.lint(document, filePath, settings, purpose);
  }

  /** Runs the rules over the document's current text and remembers the findings for its version. */
  private lint(document: TextDocument, filePath: string, settings: Settings, purpose: string): ReportedFinding[] | undefined {
    const started = performance.now();
    const analysis = this.overlay(filePath, document.getText());
    const parsed = performance.now();
    if (analysis.syntaxError) {
      this.context.connection.tracer.log(`Did not lint ${filePath} (version ${document.version}) for ${purpose}: it does not parse; the last findings stay`);
      return undefined;
    }
    const log = (line: string) => this.context.connection.console.error(line);
    const findings = analyzeFile(analysis, settings, log);
    this.lastLints.set(document.uri, { version: document.version, analysis, settings, findings });
    const parseMs = (parsed - started).toFixed(1);
    const rulesMs = (performance.now() - parsed).toFixed(1);
    this.context.connection.tracer.log(`Linted ${filePath} (version ${document.version}) for ${purpose}: ${findings.length} findings, parse ${parseMs} ms, rules ${rulesMs} ms`);
    return findings;
  }

  /** The analysis of the document text, re-parsed only when the text changed (no re-invalidation loops). */
  private overlay(filePath: string, text: string): FileAnalysis {
    const host = this.context.workspace.hostFor(filePath);
    // Before the first overlay, reading and parsing the disk's version would only be thrown away.
    const current = host.hasOverlay(filePath) ? host.getFile(filePath) : undefined;
    return current?.text === text ? current : host.setOverlay(filePath, text);
  }
}
