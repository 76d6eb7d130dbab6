/** Sorts a failed request into one of the kinds the report counts, from undici's and Node's error codes. */
import type { ErrorKind } from '@shared/probe/types';

/** Our own per-request deadline (undici's connect/headers/body timeouts are classified from their codes). */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  readonly code = 'PROBE_REQUEST_TIMEOUT';
}

/** The kind a response status counts as, or undefined when it is an answer the probe accepts. */
export function statusKind(status: number): ErrorKind | undefined {
  if (status === 429) return '429';
  if (status === 503) return '503';
  if (status >= 500) return '5xx';
  return undefined;
}

const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const timeoutCodes = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'PROBE_REQUEST_TIMEOUT']);

/** The kind of a thrown error; looks through `cause` chains, as undici wraps socket errors. */
export function errorKind(error: unknown): ErrorKind {
  const codes = errorCodes(error);
  if (codes.some((code) => resetCodes.has(code))) return 'reset';
  if (codes.includes('ECONNREFUSED')) return 'refused';
  if (codes.some((code) => timeoutCodes.has(code))) return 'timeout';
  if (codes.some((code) => code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || isCertificateCode(code))) return 'tls';
  if (codes.includes('UND_ERR_SOCKET')) return 'socket';
  return 'other';
}

/** Every `code` along the error and its causes, outermost first. */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = current.cause;
  }
  return codes;
}

/** OpenSSL's verification failures (`DEPTH_ZERO_SELF_SIGNED_CERT`, `CERT_HAS_EXPIRED`, …). */
function isCertificateCode(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH|ERR_OSSL/.test(code);
}

/** `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8080`: the innermost message with its code, for people. */
export function describeError(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (!(current instanceof Error)) return String(current);
  const code = (current as { code?: unknown }).code;
  return typeof code === 'string' && !current.message.includes(code) ? `${code}: ${current.message}` : current.message;
}
