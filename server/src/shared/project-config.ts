/**
 * The project configuration file, `.http-resilience.json`: its shape as the CLI, the language server
 * and the ESLint plugin apply it. Parsing and validation live in engine/project-config.ts.
 */
import type { SeverityLevel } from './settings';

/** The file name searched for from a linted file's directory upwards. */
export const projectConfigFileName = '.http-resilience.json';

/** What is known about one server (one origin), measured by the probe or written by hand. */
export interface ServerProfile {
  /** The server's idle keep-alive timeout, in ms. */
  idleTimeoutMs?: number;
  /** The knee: the highest concurrency that still helped without distress. */
  knee?: number;
  /** Latency at the knee, in ms. */
  p50Ms?: number;
  p99Ms?: number;
  /** The retry allowance: retries per successful request a client may add (the helper's `budgetRatio`), above 0 and at most 1. */
  retryBudgetRatio?: number;
  /** Errors seen during the probe, by kind (`reset`, `http-503`, `timeout`…). */
  errors?: Record<string, number>;
  /** Rate-limit headers the server sent (`ratelimit-limit`, `retry-after`…). */
  rateLimit?: Record<string, string>;
  /** The protocol ALPN negotiated: `h2` or `http/1.1`. */
  protocol?: string;
  /** HTTP/2 only: the server's SETTINGS_MAX_CONCURRENT_STREAMS (4294967295: it set no limit). */
  serverMaxConcurrentStreams?: number;
  /** HTTP/2 only: the streams in flight the probe recommends on one connection (the helper's `maxConcurrentStreams`). */
  maxConcurrentStreams?: number;
  /** When it was measured (ISO 8601). */
  measuredAt?: string;
  /** The http-resilience version that measured it. */
  measuredWith?: string;
}

/** A loaded project configuration; every field is already validated. */
export interface ProjectConfig {
  /** Absolute path of the file. */
  file: string;
  /** Per-rule severities; rules not named keep what the editor or the defaults say. */
  rules: Record<string, SeverityLevel>;
  /** gitignore-style patterns, relative to the file's directory, of files not to lint. */
  ignores: string[];
  /** Where fixes put the helper, relative to the file's directory. */
  helperPath?: string;
  /** Server profiles by origin (`https://api.example.com`). */
  servers: Record<string, ServerProfile>;
  /** Environment variable → the URL it holds in production, to link `process.env.X` to an origin. */
  env: Record<string, string>;
}

/** A problem in a configuration file, with its 1-based position. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** `file:line:column: message`, as compilers print it (editors and terminals link it). */
export function formatConfigProblem(problem: ConfigProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}
