/**
 * Starts the built language server (dist/server.js) as a child process and talks JSON-RPC to it
 * over stdio, as an editor does. Waits are for events (a notification, a response), always bounded:
 * a server that does not answer the handshake or the shutdown in time is killed, never waited for.
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
  /** The last 16 KiB the server wrote to stderr. */
  readonly stderr: string;
  /** The settings the fake client answers `workspace/configuration` with. */
  settings: Record<string, unknown>;
  /** Resolves with the next diagnostics for `uri` that satisfy `accept` (default: any), or rejects after `ms`. */
  waitForDiagnostics(uri: string, accept?: (diagnostics: Diagnostic[]) => boolean, ms?: number): Promise<Diagnostic[]>;
  /**
   * Shuts the server down properly (shutdown, exit) and waits for the process to end; kills it when it does
   * not answer or end within 5 s each. Resolves with its exit code (null when it had to be killed). Once:
   * later calls get the same promise.
   */
  stop(): Promise<number | null>;
}

/** How to start the server process. */
export interface SpawnOptions {
  /** Node options for the server process, e.g. `--cpu-prof` (benchmarks). */
  execArgv?: string[];
  /** How long the initialize handshake may take (default 20 s). */
  initializeTimeoutMs?: number;
}

/** Settles with `promise`, or rejects with "no <what> within <ms> ms". */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts the server with a workspace folder and completes the initialize handshake. */
export async function startServer(
  workspaceFolder: string,
  settings: Record<string, unknown> = {},
  initOptions: Partial<InitializeParams> = {},
  spawnOptions: SpawnOptions = {},
): Promise<LspSession> {
  const child = spawn(process.execPath, [...(spawnOptions.execArgv ?? []), serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  // Read stderr (a full pipe would block the server) and keep its end for error messages.
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-16_384)));
  let spawnError: Error | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      spawnError = error;
      resolve(null);
    });
  });
  const running = () => spawnError === undefined && child.exitCode === null && child.signalCode === null;
  // Writes to a server that died fail with EPIPE: the test sees the failed request, not a crash.
  child.stdin.on('error', () => {});
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters: Array<{ uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }> = [];
  let stopping: Promise<number | null> | undefined;
  const session: LspSession = {
    connection,
    process: child,
    published: [],
    statuses: [],
    progress: [],
    logs: [],
    get stderr() {
      return stderr;
    },
    settings,
    waitForDiagnostics(uri, accept = () => true, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${ms} ms`)), ms);
        waiters.push({ uri, accept, resolve: (diagnostics) => (clearTimeout(timer), resolve(diagnostics)) });
      });
    },
    stop() {
      stopping ??= (async () => {
        if (running()) {
          try {
            await within(connection.sendRequest('shutdown'), 5_000, 'answer to shutdown');
            await connection.sendNotification('exit');
          } catch {
            // it did not answer: killed below
          }
        }
        const code = running() ? await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000).unref())]) : await exited;
        if (running()) {
          child.kill('SIGKILL');
          await exited;
        }
        connection.dispose();
        return code;
      })();
      return stopping;
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
  const initializeTimeoutMs = spawnOptions.initializeTimeoutMs ?? 20_000;
  try {
    const initialized = connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: path.basename(workspaceFolder) }],
      capabilities: {
        workspace: { workspaceFolders: true, configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
      },
      ...initOptions,
    } satisfies InitializeParams);
    const died = exited.then((code) => Promise.reject(new Error(`the server ended during initialize (exit code ${code}${spawnError ? `, ${spawnError.message}` : ''})`)));
    died.catch(() => {});
    await within(Promise.race([initialized, died]), initializeTimeoutMs, `answer to initialize from ${serverPath}`);
    await connection.sendNotification('initialized', {});
  } catch (error) {
    // Nothing may outlive a failed start: kill the process and close the connection, then report.
    if (running()) child.kill('SIGKILL');
    await exited;
    connection.dispose();
    throw new Error(`${(error as Error).message}${stderr ? `\nserver stderr:\n${stderr}` : ''}`, { cause: error });
  }
  return session;
}
