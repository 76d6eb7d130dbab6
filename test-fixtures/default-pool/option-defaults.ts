// keepAlive taken from an option that is off unless the caller turns it on.
import http from 'node:http';
import https from 'node:https';

export interface SenderOptions {
  keepAlive?: boolean;
  proxyAgent?: http.Agent;
}

export function makeSenderAgent(options: SenderOptions, secure: boolean) {
  const transport = secure ? https : http;
  const keepAlive = options.keepAlive === undefined ? false : options.keepAlive;
  return options.proxyAgent ?? new transport.Agent({ keepAlive, maxSockets: 20, timeout: 2_000 }); // expect: default-pool
}

export function makeLenientAgent(options: SenderOptions) {
  return new http.Agent({ keepAlive: options.keepAlive ?? false, maxSockets: 20, timeout: 2_000 }); // expect: default-pool
}

export function makeEagerAgent(options: SenderOptions) {
  return new http.Agent({ keepAlive: options.keepAlive ?? true, maxSockets: 20, timeout: 2_000 });
}
