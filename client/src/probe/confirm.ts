/** The confirmation that states exactly what a probe will send, before anything is sent. */
import { window } from 'vscode';
import { defaultLimits, maxBodyBytes } from '@shared/probe/limits';

const shown = {
  maxRequests: defaultLimits.maxRequests,
  maxConcurrency: defaultLimits.maxConcurrency,
  perSecond: defaultLimits.requestsPerSecond,
  loadSeconds: defaultLimits.maxLoadSeconds,
  idleWaitSeconds: defaultLimits.idleWaitSeconds,
  timeoutSeconds: defaultLimits.requestTimeoutMs / 1000,
};

/** The text of the confirmation. */
export function describeProbe(url: string): { message: string; detail: string } {
  const target = new URL(url);
  return {
    message: `Send live requests to ${target.origin}?`,
    detail: [
      `Up to ${shown.maxRequests} GET requests for ${target.pathname}${target.search} to ${target.origin}, from this machine:`,
      `concurrency 1, 2, 4 … ${shown.maxConcurrency}, at most ${shown.perSecond} requests per second, for at most ${shown.loadSeconds} s of load, ${shown.timeoutSeconds} s per request;`,
      `then one connection left idle for up to ${shown.idleWaitSeconds} s to measure the server's keep-alive timeout.`,
      `Only this origin, at the address resolved once; redirects are reported, never followed; no credentials, cookies or request bodies; responses read up to ${maxBodyBytes / 1024} KiB; no retries.`,
      'It stops at the first sign of distress (429, 503, Retry-After, resets, timeouts, latency ×3). Only probe hosts you are allowed to load-test.',
    ].join('\n'),
  };
}

/** True when the user confirmed. */
export async function confirmProbe(url: string): Promise<boolean> {
  const { message, detail } = describeProbe(url);
  const send = 'Send probe';
  return (await window.showWarningMessage(message, { modal: true, detail }, send)) === send;
}
