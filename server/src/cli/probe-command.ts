/**
 * Runs `http-resilience probe <url>`: says what it will send, runs the engine with a progress line
 * (stderr, terminals only), prints the table or the version-1 JSON, decides the exit code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectConfigs } from '../engine/project-configs';
import { withServerProfile } from '../engine/save-profile';
import { ruleIds } from '../rules';
import { runProbe } from '../probe/engine';
import { projectConfigFileName } from '@shared/project-config';
import { profileFromProbe, unsavableBecause } from '@shared/probe/profile';
import { toJson } from '@shared/probe/json';
import { resolveLimits } from '@shared/probe/limits';
import { formatProbeReport } from '../probe/report-text';
import { describeRequest, parseTarget, TargetError } from '@shared/probe/target';
import type { ProbeProgress, ProbeResult } from '@shared/probe/types';
import type { ProbeArguments } from './args';
import { UsageError } from './errors';
import type { Io } from './lint-command';

/** Exit codes of `probe` (documented in usage.ts and docs/probe.md). */
export const probeExitCodes = { completed: 0, unreachable: 2, cancelled: 130 } as const;

/** Probes and prints; resolves to the exit code. Throws UsageError for a URL or a --ca file it cannot use. */
export async function runProbeCommand(args: ProbeArguments, io: Io, signal?: AbortSignal): Promise<number> {
  let target;
  try {
    target = parseTarget(args.url);
  } catch (error) {
    if (error instanceof TargetError) throw new UsageError(error.message);
    throw error;
  }
  const ca = args.ca === undefined ? undefined : readCa(args.ca, io.cwd);
  const limits = resolveLimits({ maxRequests: args.maxRequests, maxConcurrency: args.maxConcurrency, idleWaitSeconds: args.idleWaitSeconds });
  if (target.hadUserinfo) io.stderr.write('http-resilience: the user name and password in the URL were removed; the probe never sends credentials.\n');
  io.stderr.write(
    `http-resilience: sending at most ${limits.maxRequests} × ${describeRequest(target, args.method)} (concurrency ≤ ${limits.maxConcurrency}, ≤ ${limits.requestsPerSecond}/s, ≤ ${limits.maxLoadSeconds} s of load, no retries, no redirects followed). Ctrl-C stops it.\n`,
  );
  const progress = new ProbeProgressLine(io.stderr, args.progress && io.stderr.isTTY === true);
  let result: ProbeResult;
  try {
    result = await runProbe(args.url, { limits, ca, method: args.method, signal, onProgress: (update) => progress.update(update) });
  } finally {
    progress.clear();
  }
  // Scripts get the JSON in every case; a person gets the table only when there is something in it.
  if (args.json) io.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
  else if (!result.unreachable) io.stdout.write(formatProbeReport(result));
  if (result.unreachable) {
    io.stderr.write(`http-resilience: ${result.origin} is unreachable (${result.unreachable.kind}): ${result.unreachable.message}\n`);
    if (result.unreachable.kind === 'tls' && ca === undefined) io.stderr.write('http-resilience: if you trust this server, pass its certificate or CA with --ca <file.pem>.\n');
    if (args.save) io.stderr.write('http-resilience: nothing saved: the host was unreachable.\n');
    return probeExitCodes.unreachable;
  }
  if (args.save) saveProfile(result, args, io);
  return result.stoppedBecause === 'cancelled' ? probeExitCodes.cancelled : probeExitCodes.completed;
}

/** `--save`: the origin's entry in the config file (`--config`, else the nearest one above the working directory, else a new one there). */
function saveProfile(result: ProbeResult, args: ProbeArguments, io: Io): void {
  const why = unsavableBecause(result);
  if (why !== undefined) {
    io.stderr.write(`http-resilience: nothing saved: ${why}.\n`);
    return;
  }
  // The same search as lint's: the nearest .http-resilience.json above the working directory.
  const nearest = new ProjectConfigs(ruleIds).forFile(path.join(io.cwd, projectConfigFileName))?.config.file;
  const file = args.config !== undefined ? path.resolve(io.cwd, args.config) : (nearest ?? path.join(io.cwd, projectConfigFileName));
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  let text: string;
  try {
    text = withServerProfile(existing, result.origin, profileFromProbe(result, io.version, new Date()));
  } catch (error) {
    throw new UsageError(`cannot save to ${file}: ${(error as Error).message}`);
  }
  fs.writeFileSync(file, text);
  io.stderr.write(`http-resilience: saved the profile of ${result.origin} to ${path.relative(io.cwd, file) || file}.\n`);
}

function readCa(file: string, cwd: string): string {
  try {
    return fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --ca ${file}: ${(error as Error).message}`);
  }
}

/** `Probing: concurrency 8, 120/300 requests…`, redrawn in place at most every 100 ms. */
class ProbeProgressLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: Io['stderr'],
    private readonly enabled: boolean,
  ) {}

  update(progress: ProbeProgress): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (progress.phase === 'ramp' && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r\u001b[2KProbing: ${progress.message} (${progress.requestsSent}/${progress.maxRequests} requests)…`);
  }

  clear(): void {
    if (!this.drawn) return;
    this.drawn = false;
    this.stream.write('\r\u001b[2K');
  }
}
