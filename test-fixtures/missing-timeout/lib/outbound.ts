// A project fetch wrapper: it times out only when the caller passes `timeout` or `signal`.
import nodeFetch, { type RequestInit } from 'node-fetch';

export default async function outbound(url: string, init?: RequestInit & { timeout?: number }) {
  const { timeout, ...rest } = init || {};
  let controller: AbortController | undefined;
  if (timeout && !rest.signal) {
    controller = new AbortController();
    setTimeout(() => controller?.abort(), timeout);
  }
  const signal = controller?.signal || rest.signal;
  return nodeFetch(url, { ...rest, signal, headers: { 'user-agent': 'app/1.0' } });
}

/** Forwards the caller's options untouched. */
export function getJson(url: string, options?: { headers?: Record<string, string>; signal?: AbortSignal }) {
  return fetch(url, { ...options, method: 'GET' }).then((response) => response.json());
}

/** Sets its own deadline when the caller gives none: callers need not pass one. */
export function guarded(url: string, init: { signal?: AbortSignal } = {}) {
  return fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(10_000) });
}
