/**
 * The server's state and its handlers, one method per LSP event; `server.ts` only binds them.
 * Handlers never throw: failures are logged and turned into a status.
 */
import {
  type CancellationToken,
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type CodeLens,
  type CodeLensParams,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type DidChangeWatchedFilesParams,
  type ExecuteCommandParams,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  type TextDocumentChangeEvent,
  type TextDocuments,
  type WorkspaceFolder,
  type WorkspaceFoldersChangeEvent,
  CodeLensRefreshRequest,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Commands, type ScanResult, settingsSection } from '@shared/protocol';
import { type CodeActionContext, fixAllKind, provideCodeActions, resolveCodeAction } from './code-actions';
import { openRuleDocs } from './rule-docs';
import { provideCodeLenses } from './code-lens';
import manifest from '../../../package.json';
import { DiagnosticsScheduler } from './diagnostics';
import { pathToUri, uriToPath } from './convert';
import { SettingsCache } from './settings';
import { Workspace } from './workspace';
import { WorkspaceScanner } from './workspace-scan';
import { isProjectFile, projectFileGlob } from '@shared/project-files';
import * as path from 'node:path';
import { ProjectConfigs } from '../engine/project-configs';
import { ruleIds } from '../rules';
import { formatConfigProblem, projectConfigFileName } from '@shared/project-config';

const watchedGlob = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** Milliseconds since `started`, to one decimal (trace lines). */
const elapsed = (started: number) => (performance.now() - started).toFixed(1);

/** Everything the running server knows, and what it does on each event. */
export class Session {
  readonly workspace: Workspace;
  /** The project's `.http-resilience.json` files, read from disk and re-read when the watcher reports a change. */
  private readonly configs: ProjectConfigs;
  readonly settings: SettingsCache;
  readonly diagnostics: DiagnosticsScheduler;
  readonly scanner: WorkspaceScanner;
  private canAskConfiguration = false;
  private canWatchFiles = false;
  private canCreateFiles = false;
  private canRefreshCodeLenses = false;
  private canRegisterConfiguration = false;
  private folders: WorkspaceFolder[] = [];
  /** Whether the client sends workspace folder changes (only then may the server listen for them). */
  supportsWorkspaceFolders = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    listFiles: (folder: string) => Promise<string[]>,
  ) {
    this.configs = new ProjectConfigs(ruleIds, (problems) => {
      for (const problem of problems) connection.console.warn(`${formatConfigProblem(problem)}`);
    });
    this.workspace = new Workspace(
      (paths) => this.diagnostics.scheduleOpen(paths),
      (filePath) => this.configs.forFile(filePath)?.config,
    );
    this.settings = new SettingsCache(connection, () => this.canAskConfiguration, this.configs);
    this.diagnostics = new DiagnosticsScheduler({ connection, documents, workspace: this.workspace, settings: this.settings });
    this.scanner = new WorkspaceScanner({
      connection,
      documents,
      workspace: this.workspace,
      diagnostics: this.diagnostics,
      settingsFor: (uri) => this.settings.get(uri),
      listFiles,
    });
  }

  initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities;
    this.canAskConfiguration = capabilities.workspace?.configuration === true;
    this.canRegisterConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    this.canWatchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const workspaceEdit = capabilities.workspace?.workspaceEdit;
    this.canCreateFiles = workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes('create');
    this.supportsWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
    this.canRefreshCodeLenses = capabilities.workspace?.codeLens?.refreshSupport === true;
    this.folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    this.workspace.setFolders(this.folders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        executeCommandProvider: { commands: [Commands.scanWorkspace, Commands.openRuleDocs] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind], resolveProvider: true },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'http-resilience' },
    };
  }

  async initialized(): Promise<void> {
    if (this.canRegisterConfiguration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: settingsSection });
    }
    if (this.canWatchFiles) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: watchedGlob }, { globPattern: projectFileGlob }, { globPattern: `**/${projectConfigFileName}` }] });
    }
    this.connection.console.info(`http-resilience ${manifest.version} language server started (Node ${process.version}, ${this.workspace.folders.length} workspace folders).`);
    this.diagnostics.sendStatus('ready');
    await this.startupScan();
  }

  private async startupScan(): Promise<void> {
    const first = this.workspace.folders[0];
    if (!first) return;
    const settings = await this.settings.get(pathToUri(first));
    if (!settings.enable || !settings.scan.onStartup) return;
    await this.runScan(undefined, settings.scan.maxFiles);
  }

  /** Code lenses on pool constructors, client factories and URL constants (lsp/code-lens.ts). */
  codeLenses(params: CodeLensParams): CodeLens[] {
    const filePath = uriToPath(params.textDocument.uri);
    if (!filePath || isProjectFile(filePath)) return [];
    return provideCodeLenses(this.documents, this.workspace, params);
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const filePath = uriToPath(params.textDocument.uri);
    if (filePath && isProjectFile(filePath)) return [];
    const started = performance.now();
    const actions = await provideCodeActions(this.codeActionContext(), params);
    this.connection.tracer.log(`Code actions for ${filePath ?? params.textDocument.uri}: ${actions.length} in ${elapsed(started)} ms`);
    return actions;
  }

  /** Fills in the edit of a quick-fix-menu "Fix all" when the user picks it. */
  async resolveCodeAction(action: CodeAction): Promise<CodeAction> {
    const started = performance.now();
    const resolved = await resolveCodeAction(this.codeActionContext(), action);
    if (resolved !== action) this.connection.tracer.log(`Resolved "${action.title}" in ${elapsed(started)} ms`);
    return resolved;
  }

  private codeActionContext(): CodeActionContext {
    return {
      documents: this.documents,
      workspace: this.workspace,
      settingsFor: (uri) => this.settings.get(uri),
      findingsFor: (document, settings) => this.diagnostics.findingsFor(document, settings),
      canCreateFiles: () => this.canCreateFiles,
      log: (line) => this.connection.console.error(line),
    };
  }

  didChangeContent(event: TextDocumentChangeEvent<TextDocument>): void {
    const filePath = uriToPath(event.document.uri);
    // An edited package.json or tsconfig is an overlay too; the files it concerns are re-linted, it is not.
    if (filePath && isProjectFile(filePath)) this.workspace.hostFor(filePath).setProjectFileOverlay(filePath, event.document.getText());
    else this.diagnostics.schedule(event.document.uri);
  }

  async didClose(event: TextDocumentChangeEvent<TextDocument>): Promise<void> {
    const uri = event.document.uri;
    const filePath = uriToPath(uri);
    this.settings.delete(uri);
    this.diagnostics.close(uri);
    if (!filePath) return;
    this.workspace.hostFor(filePath).closeOverlay(filePath);
    if (!isProjectFile(filePath)) await this.scanner.relint(filePath);
  }

  didChangeConfiguration(): void {
    this.settings.clear();
    this.diagnostics.scheduleAll();
  }

  /** After the server itself wrote a `.http-resilience.json` (Save to project): re-read it, re-lint open and scanned files. */
  async projectConfigWritten(): Promise<void> {
    this.configs.invalidate();
    this.didChangeConfiguration();
    this.refreshCodeLenses();
    await this.scanner.relintScanned();
  }

  /** Asks the client to request the code lenses again (a probe or a saved profile changed what they say). */
  refreshCodeLenses(): void {
    if (!this.canRefreshCodeLenses) return;
    this.connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => this.connection.console.warn(`codeLens/refresh failed: ${String(error)}`));
  }

  async didChangeWatchedFiles(params: DidChangeWatchedFilesParams): Promise<void> {
    const open = new Set(this.documents.all().map((document) => uriToPath(document.uri)));
    for (const change of params.changes) {
      const filePath = uriToPath(change.uri);
      if (!filePath) continue;
      if (path.basename(filePath) === projectConfigFileName) {
        // Severities, ignores and server profiles may all have changed: re-read, re-lint what is open.
        this.configs.invalidate();
        this.didChangeConfiguration();
        continue;
      }
      this.workspace.hostFor(filePath).invalidate(filePath);
      if (open.has(filePath) || isProjectFile(filePath)) continue;
      if (change.type === FileChangeType.Deleted || change.type === FileChangeType.Changed) await this.scanner.relint(filePath);
    }
  }

  didChangeWorkspaceFolders(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(event.removed.map((folder) => folder.uri));
    this.folders = [...this.folders.filter((folder) => !removed.has(folder.uri)), ...event.added];
    this.workspace.setFolders(this.folders);
  }

  async executeCommand(params: ExecuteCommandParams, token: CancellationToken): Promise<ScanResult | boolean | undefined> {
    if (params.command === Commands.openRuleDocs) return openRuleDocs(this.connection, params.arguments?.[0]);
    if (params.command !== Commands.scanWorkspace) {
      this.connection.console.warn(`Unknown command ${params.command}`);
      return undefined;
    }
    return this.runScan(token, Infinity);
  }

  private async runScan(token: CancellationToken | undefined, maxFiles: number): Promise<ScanResult> {
    try {
      return await this.scanner.scan(token, maxFiles);
    } catch (error) {
      this.connection.console.error(`Workspace scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.diagnostics.sendStatus('error', 'Workspace scan failed; see the output channel.');
      return { filesAnalyzed: 0, filesWithFindings: 0, findings: 0, skipped: 0, cancelled: true };
    }
  }
}
