/**
 * Starts the built language server (dist/server.js) as a child process and talks JSON-RPC to it
 * over stdio, as an editor does. Waits are for events (a notification, a response), always bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  type Diagnostic,
  type InitializeParams,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  ConfigurationRequest,
  RegistrationRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { StatusNotification, type StatusParams } from '../../src/shared/protocol';

/** The bundled server the extension ships. */
export const serverPath = path.resolve(__dirname, '../../../dist/server.js');

/** A running server and a client connection to it. */
export interface LspSession {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Every publishDiagnostics received, in order. */
  published: PublishDiagnosticsParams[];
  /** Every status notification received. */
  statuses: StatusParams[];
  /** Every `$/progress` value received. */
  progress: unknown[];
  /** Server log lines (window/logMessage). */
  logs: string[];
  /** The settings the fake client answers `workspace/configuration` with. */
  settings: Record<string, unknown>;
  /** Resolves with the next diagnostics for `uri` that satisfy `accept` (default: any), or rejects after `ms`. */
  waitForDiagnostics(uri: string, accept?: (diagnostics: Diagnostic[]) => boolean, ms?: number): Promise<Diagnostic[]>;
  /** Shuts the server down properly (shutdown, exit) and waits for the process to end. */
  stop(): Promise<number | null>;
}

/** How to start the server process. */
export interface SpawnOptions {
  /** Node options for the server process, e.g. `--cpu-prof` (benchmarks). */
  execArgv?: string[];
}

/** Starts the server with a workspace folder and completes the initialize handshake. */
export async function startServer(
  workspaceFolder: string,
  settings: Record<string, unknown> = {},
  initOptions: Partial<InitializeParams> = {},
  spawnOptions: SpawnOptions = {},
): Promise<LspSession> {
  const child = spawn(process.execPath, [...(spawnOptions.execArgv ?? []), serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters: Array<{ uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }> = [];
  const session: LspSession = {
    connection,
    process: child,
    published: [],
    statuses: [],
    progress: [],
    logs: [],
    settings,
    waitForDiagnostics(uri, accept = () => true, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${ms} ms`)), ms);
        waiters.push({ uri, accept, resolve: (diagnostics) => (clearTimeout(timer), resolve(diagnostics)) });
      });
    },
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))]);
      if (child.exitCode === null) child.kill();
      connection.dispose();
      return code;
    },
  };
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    session.published.push(params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    }
  });
  connection.onNotification(StatusNotification.method, (params: StatusParams) => {
    session.statuses.push(params);
  });
  connection.onNotification('window/logMessage', (params: { message: string }) => {
    session.logs.push(params.message);
  });
  connection.onNotification('$/progress', (params: { value: unknown }) => {
    session.progress.push(params.value);
  });
  connection.onRequest(WorkDoneProgressCreateRequest.method, () => null);
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => session.settings));
  connection.listen();
  const folderUri = pathToFileURL(workspaceFolder).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: path.basename(workspaceFolder) }],
    capabilities: {
      workspace: { workspaceFolders: true, configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      window: { workDoneProgress: true },
    },
    ...initOptions,
  } satisfies InitializeParams);
  await connection.sendNotification('initialized', {});
  return session;
}
