// Callers of project wrappers that time out only when asked to.
import axios, { type AxiosInstance } from 'axios';
import outbound, { getJson, guarded } from './lib/outbound';

export async function postToken(code: string) {
  const response = await outbound('https://auth.example.com/token', { // expect: missing-timeout
    method: 'POST',
    body: JSON.stringify({ code }),
  });
  return response.json();
}

export async function loadProfile(token: string) {
  const response = await outbound(`https://auth.example.com/me?token=${token}`); // expect: missing-timeout
  return response.json();
}

export async function loadProfileWithTimeout() {
  const response = await outbound('https://auth.example.com/me', { timeout: 5_000 });
  return response.json();
}

export async function listRepos() {
  return getJson('https://api.example.com/repos', { headers: { accept: 'application/json' } }); // expect: missing-timeout
}

export async function listReposBounded(signal: AbortSignal) {
  return getJson('https://api.example.com/repos', { signal });
}

export async function guardedIsClean() {
  return guarded('https://api.example.com/health');
}

export async function passesOptionsThrough(init: { signal?: AbortSignal }) {
  return outbound('https://api.example.com/x', init);
}

export class SmsProvider {
  private http: AxiosInstance;

  constructor(private readonly apiKey: string) {
    this.http = axios.create({ baseURL: 'https://sms.example.com/v2', headers: { authorization: apiKey } });
  }

  async send(to: string, text: string) {
    return this.http.request({ method: 'POST', url: '/messages', data: { to, text } }); // expect: missing-timeout
  }
}

export class BoundedSmsProvider {
  private http: AxiosInstance;

  constructor() {
    this.http = axios.create({ baseURL: 'https://sms.example.com/v2', timeout: 10_000 });
  }

  async send(to: string) {
    return this.http.post('/messages', { to });
  }
}

export async function explicitUndefinedSignal(url: string, body: unknown) {
  const init: RequestInit = { method: 'POST', signal: undefined, body: JSON.stringify(body) };
  return fetch(url, init); // expect: missing-timeout
}

export async function zeroTimeout(url: string) {
  return axios.get(url, { timeout: 0 }); // expect: missing-timeout
}

export async function conditionalBody(url: string, body?: string) {
  return fetch(url, { method: 'POST', ...(body ? { body } : {}) }); // expect: missing-timeout
}

export async function conditionalSignal(url: string, signal?: AbortSignal) {
  return fetch(url, { ...(signal ? { signal } : { signal: AbortSignal.timeout(5_000) }) });
}

export async function unpkgManifest(name: string) {
  const gotClient = require(`got`);
  const response = await gotClient(`https://unpkg.com/${name}/package.json`); // expect: missing-timeout
  return response.body;
}

// An arrow whose expression body is the request forwards the caller's deadline like any wrapper.
const getWith = (url: string, init?: RequestInit) => fetch(url, init);

export async function arrowWithout() {
  return getWith('https://api.example.com/a'); // expect: missing-timeout
}

// clean: the caller passes a signal.
export async function arrowWith() {
  return getWith('https://api.example.com/b', { signal: AbortSignal.timeout(5_000) });
}
