/**
 * A load server (`server/test/support/load-servers.ts`) in a process of its own, for the helper benchmark's
 * throughput rounds: the client's process then spends its CPU and garbage collection on the client only, so
 * what limits a round is the side being measured, not the server sharing its event loop.
 *
 * `startServerProcess(behaviour)` forks this file; the child starts the server on 127.0.0.1, sends its URL and
 * origin over IPC, and closes it and exits when the parent sends `close` or goes away.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { type ServerBehaviour, startServer } from '../../server/test/support/load-servers';

/** A server running in a child process. */
export interface ServerProcess {
  url: string;
  origin: string;
  /** Closes the server and waits for the child to exit (a second call waits for the same exit). */
  close(): Promise<void>;
}

type Message = { url: string; origin: string } | { error: string };

/** Forks a child running a server with `behaviour` (plain data: no `respond` function); rejects if it fails to start. */
export async function startServerProcess(behaviour: ServerBehaviour, timeoutMs = 20_000): Promise<ServerProcess> {
  const child = fork(__filename, [JSON.stringify(behaviour)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit').then(() => undefined);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send('close');
        // A child that does not leave in time is killed: the benchmark never leaves a process behind.
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    })();
    return closing;
  };
  try {
    const message = await firstMessage(child, timeoutMs);
    if ('error' in message) throw new Error(`server process failed: ${message.error}`);
    return { url: message.url, origin: message.origin, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function firstMessage(child: ChildProcess, timeoutMs: number): Promise<Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`server process did not start within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: Message) => done(undefined, message);
    const onExit = (code: number | null) => done(new Error(`server process exited (${code}) before it started`));
    const done = (error?: Error, message?: Message) => {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit).off('error', done);
      if (error) reject(error);
      else resolve(message as Message);
    };
    child.on('message', onMessage).on('exit', onExit).on('error', done);
  });
}

/** The child: start the server, report where it listens, stop on `close` or when the parent goes. */
async function serve(behaviour: ServerBehaviour): Promise<void> {
  const server = await startServer(behaviour);
  const stop = () => void server.close().then(() => process.disconnect?.());
  process.on('message', (message) => message === 'close' && stop());
  process.on('disconnect', () => void server.close());
  process.send?.({ url: server.url, origin: server.origin } satisfies Message);
}

if (require.main === module) {
  serve(JSON.parse(process.argv[2] ?? '{}') as ServerBehaviour).catch((error: unknown) => {
    process.send?.({ error: error instanceof Error ? error.message : String(error) } satisfies Message);
    process.exitCode = 1;
  });
}
