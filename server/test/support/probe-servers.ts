/**
 * Servers the probe tests need beyond load-servers.ts: ground truth for idle closes, a body that never
 * ends, TLS with a self-signed certificate made here with openssl, and nginx from Debian as a child process.
 * Every server is started and stopped by the test that uses it; waits are for events, always bounded.
 */
import { execFileSync, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type LoadServer, type ServerBehaviour, startServer, waitUntil } from './load-servers';

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
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A PEM certificate and key for 127.0.0.1 and localhost, self-signed, made with Debian's openssl. */
export interface SelfSignedCertificate {
  cert: string;
  key: string;
  certPath: string;
  dir: string;
}

/** Generates a fresh self-signed certificate in a temp directory (the caller removes `dir`). */
export function makeSelfSignedCertificate(): SelfSignedCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-tls-'));
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'pipe' });
  return { cert: fs.readFileSync(certPath, 'utf8'), key: fs.readFileSync(keyPath, 'utf8'), certPath, dir };
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
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
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
  close(): Promise<void>;
}

/** The nginx binary: Debian puts it in /usr/sbin, which is not on every PATH. */
export function nginxBinary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (fs.existsSync(candidate)) return candidate;
  throw new Error('nginx is not installed (apt-get install nginx-light; .ci/run does)');
}

/**
 * Starts nginx on 127.0.0.1 in front of `upstream` (proxy_pass, so that requests take the upstream's time
 * and `limit_conn` sees them in flight), with `keepalive_timeout` and a per-server `limit_conn`.
 */
export async function startNginx(options: { upstream: string; keepaliveTimeoutSeconds: number; limitConn: number }): Promise<NginxServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-nginx-'));
  const port = await freePort();
  const accessLog = path.join(dir, 'access.log');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${path.join(dir, name)};`).join('\n');
  const config = `${process.getuid?.() === 0 ? 'user root root;\n' : ''}daemon off;
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
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config);
  const child = spawn(nginxBinary(), ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const output = new EventEmitter();
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
    output.emit('data');
  });
  child.once('exit', () => output.emit('data'));
  try {
    await waitUntil(output, 'data', () => /start worker process/.test(stderr) || child.exitCode !== null, 10_000, 'nginx worker start');
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    accessLogLines: () => (fs.existsSync(accessLog) ? fs.readFileSync(accessLog, 'utf8').split('\n').filter((line) => line !== '') : []),
    close: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
