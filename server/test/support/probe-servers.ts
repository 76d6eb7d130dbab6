/**
 * Servers the probe tests need beyond load-servers.ts: ground truth for idle closes, a body that never
 * ends, TLS with a self-signed certificate (made with Node's crypto, self-signed-certificate.ts), and nginx
 * from Debian as a child process (system tests only). Every server is started and stopped by the test that
 * uses it; waits are for events, always bounded; close() may be called more than once.
 */
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type LoadServer, type ServerBehaviour, startServer, waitUntil } from './load-servers';
import type { SelfSignedCertificate } from './self-signed-certificate';
import { requireProgram } from './system-tools';

export { makeSelfSignedCertificate, type SelfSignedCertificate } from './self-signed-certificate';

/** Closes `server` and every connection it has, once: later calls get the same promise. */
function closerOf(server: http.Server): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
}

/** A load server that also records, per socket it closed while idle, how long the socket had been idle. */
export interface IdleTruthServer extends LoadServer {
  /** ms from the end of the last response written on a socket to the server's idle timeout on it. */
  idleCloses: number[];
}

/** A server with `keepAliveTimeout`; the idle close durations are measured on the server side, where the truth is. */
export async function startIdleTruthServer(keepAliveTimeout: number, behaviour: ServerBehaviour = {}): Promise<IdleTruthServer> {
  const idleCloses: number[] = [];
  const lastFinish = new WeakMap<net.Socket, number>();
  const watched = new WeakSet<net.Socket>();
  const server = await startServer({
    ...behaviour,
    keepAliveTimeout,
    respond: (request, response) => {
      const socket = request.socket;
      if (!watched.has(socket)) {
        watched.add(socket);
        // Node ends an idle keep-alive socket from its 'timeout' event; sockets the client closes never get one.
        socket.once('timeout', () => {
          const finished = lastFinish.get(socket);
          if (finished !== undefined) idleCloses.push(performance.now() - finished);
        });
      }
      response.once('finish', () => lastFinish.set(socket, performance.now()));
      response.end('ok');
      return true;
    },
  });
  return Object.assign(server, { idleCloses });
}

/** A server whose every answer is an endless body written with backpressure; records how each answer ended. */
export interface EndlessBodyServer {
  url: string;
  /** Bytes handed to each response before the client went away. */
  bytesWritten: number[];
  /** Whether each response finished (it never should: the body has no end). */
  finished: boolean[];
  waitForResponses(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the endless-body server on 127.0.0.1; it stops writing only when the client closes the socket. */
export async function startEndlessBodyServer(): Promise<EndlessBodyServer> {
  const chunk = Buffer.alloc(16 * 1024, 120);
  const bytesWritten: number[] = [];
  const finished: boolean[] = [];
  const ended = new EventEmitter();
  const server = http.createServer((request, response) => {
    request.resume();
    let written = 0;
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    const pump = () => {
      while (!response.destroyed) {
        written += chunk.length;
        if (!response.write(chunk)) return;
      }
    };
    response.on('drain', pump);
    response.once('close', () => {
      bytesWritten.push(written);
      finished.push(response.writableFinished);
      ended.emit('ended');
    });
    pump();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stream`,
    bytesWritten,
    finished,
    waitForResponses: (count, timeoutMs) => waitUntil(ended, 'ended', () => bytesWritten.length >= count, timeoutMs, `${count} closed responses`),
    close: closerOf(server),
  };
}

/** An https server answering `ok`, counting requests. */
export interface TlsServer {
  url: string;
  arrivals: number;
  close(): Promise<void>;
}

/** Starts an https server with the certificate on 127.0.0.1. */
export async function startTlsServer(certificate: SelfSignedCertificate): Promise<TlsServer> {
  const state = { arrivals: 0 };
  const server = https.createServer({ cert: certificate.cert, key: certificate.key, ALPNProtocols: ['http/1.1'] }, (request, response) => {
    state.arrivals++;
    request.resume();
    response.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    get arrivals() {
      return state.arrivals;
    },
    close: closerOf(server),
  };
}

/** A port on 127.0.0.1 that was free a moment ago (for servers that cannot listen on port 0 and report it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** nginx as a child process (not a daemon) with its own prefix, config, pid, logs and temp paths. */
export interface NginxServer {
  url: string;
  /** Lines of the access log so far: one per request nginx received. */
  accessLogLines(): string[];
  /** Stops nginx (SIGQUIT, SIGKILL after 5 s) and removes its folder; safe to call again, and after nginx died. */
  close(): Promise<void>;
}

/** The nginx binary: Debian puts it in /usr/sbin, which is not on every PATH. Throws "nginx not found: run …" without it. */
export function nginxBinary(): string {
  return requireProgram('nginx', ['/usr/sbin', '/usr/local/sbin']);
}

/**
 * Starts nginx on 127.0.0.1 in front of `upstream` (proxy_pass, so that requests take the upstream's time
 * and `limit_conn` sees them in flight), with `keepalive_timeout` and a per-server `limit_conn`.
 * When it cannot start, nothing is left behind: the process is stopped and its folder removed.
 */
export async function startNginx(options: { upstream: string; keepaliveTimeoutSeconds: number; limitConn: number }): Promise<NginxServer> {
  const binary = nginxBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-nginx-'));
  let port: number;
  try {
    port = await freePort();
    fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, options));
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // Its own process group, so that the last resort (SIGKILL) reaches the workers too, not only the master.
  const child = spawn(binary, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  let spawnError: Error | undefined;
  const output = new EventEmitter();
  const ended = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  void ended.then(() => output.emit('data'));
  child.stderr.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-16_384);
    output.emit('data');
  });
  const running = () => spawnError === undefined && child.exitCode === null && child.signalCode === null;
  let stopping: Promise<void> | undefined;
  const close = () =>
    (stopping ??= (async () => {
      if (running()) {
        child.kill('SIGQUIT');
        const timer = setTimeout(() => killGroup(child.pid), 5000);
        await ended;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    })());
  try {
    await waitUntil(output, 'data', () => /start worker process/.test(stderr) || !running(), 10_000, 'nginx worker start');
    if (!running()) throw new Error(`nginx did not start (${spawnError?.message ?? `exit ${child.exitCode}, signal ${child.signalCode}`}): ${stderr}`);
  } catch (error) {
    await close();
    throw error;
  }
  const accessLog = path.join(dir, 'access.log');
  return {
    url: `http://127.0.0.1:${port}/`,
    accessLogLines: () => (fs.existsSync(accessLog) ? fs.readFileSync(accessLog, 'utf8').split('\n').filter((line) => line !== '') : []),
    close,
  };
}

/** SIGKILL to every process in the group `pid` leads (a child spawned with `detached: true`). */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function nginxConfig(dir: string, port: number, options: { upstream: string; keepaliveTimeoutSeconds: number; limitConn: number }): string {
  const accessLog = path.join(dir, 'access.log');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${path.join(dir, name)};`).join('\n');
  return `${process.getuid?.() === 0 ? 'user root root;\n' : ''}daemon off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log stderr notice;
events { worker_connections 256; }
http {
  access_log ${accessLog};
${temp}
  keepalive_timeout ${options.keepaliveTimeoutSeconds}s;
  limit_conn_zone $server_name zone=per_server:1m;
  upstream app { server ${new URL(options.upstream).host}; keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    server_name probe-test;
    location / {
      limit_conn per_server ${options.limitConn};
      limit_conn_status 503;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://app;
    }
  }
}
`;
}
