// Pools and client instances built per call: no socket is ever reused.
import { Agent, request } from 'undici';
import https from 'node:https';
import axios from 'axios';
import got from 'got';

export async function getUser(id: string) {
  const dispatcher = new Agent({ connections: 8 }); // expect: agent-per-request
  return request(`https://api.example.com/users/${id}`, { dispatcher, signal: AbortSignal.timeout(5_000) });
}

export async function inline(url: string) {
  return fetch(url, { dispatcher: new Agent({ connections: 8 }), signal: AbortSignal.timeout(5_000) }); // expect: agent-per-request, dispatcher-mismatch
}

export async function perRequestClient(path: string) {
  const client = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 }); // expect: agent-per-request
  return client.get(path);
}

export async function httpsAgentPerCall(path: string) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 10 }); // expect: agent-per-request, keepalive-mismatch
  return axios.get(path, { httpsAgent: agent, timeout: 5_000 });
}

export async function inLoop(paths: string[]) {
  const results = [];
  for (const path of paths) {
    const client = got.extend({ prefixUrl: 'https://api.example.com', timeout: { request: 5_000 } }); // expect: agent-per-request
    results.push(await client.get(path).json());
  }
  return results;
}
