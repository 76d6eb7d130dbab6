// Clean: every request has a deadline, from its options, its instance or its caller.
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { request } from 'undici';
import https from 'node:https';
import superagent from 'superagent';

const api = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 });
const init = { signal: AbortSignal.timeout(5_000) };

export async function withSignal(url: string) {
  return fetch(url, { signal: AbortSignal.timeout(5_000) });
}

export async function withSharedInit(url: string) {
  return fetch(url, init);
}

export async function withController(url: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5_000);
  try {
    return await fetch(url, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

/** The caller injects the deadline: a wrapper passes its init through. */
export async function wrapper(url: string, options: RequestInit) {
  return fetch(url, options);
}

export async function spreadInit(url: string, options: RequestInit) {
  return fetch(url, { ...options, headers: { accept: 'application/json' } });
}

export async function axiosOptions(url: string) {
  await axios.get(url, { timeout: 5_000 });
  return api.get(url);
}

export async function gotTimeout(url: string) {
  return got(url, { timeout: { request: 5_000 } }).json();
}

export async function kyHasADefault(url: string) {
  return ky.get(url).json();
}

export async function undiciTimeouts(url: string) {
  return request(url, { headersTimeout: 5_000, bodyTimeout: 5_000 });
}

export function httpsTimeout(url: string) {
  const req = https.get(url, () => undefined);
  req.setTimeout(5_000, () => req.destroy());
  return req;
}

export async function superagentTimeout(url: string) {
  return superagent.get(url).timeout({ response: 5_000, deadline: 30_000 });
}

export async function raced(url: string) {
  return Promise.race([fetch(url), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5_000))]);
}

export async function fetchAsParameter(fetch: (url: string) => Promise<Response>, url: string) {
  return fetch(url);
}

import nodeFetch from 'node-fetch';

export async function nodeFetchHasItsOwnTimeout(url: string) {
  return nodeFetch(url, { timeout: 5_000 });
}
