// Pools and clients built per request through the project's own factory functions.
import { Agent, request } from 'undici';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';

function makeAgent() {
  return new Agent({ connections: 8, keepAliveTimeout: 4_000 });
}

const makeHttpsAgent = () => new https.Agent({ keepAlive: true, maxSockets: 8, timeout: 4_000 });

function createPartnerClient(baseURL: string): AxiosInstance {
  return axios.create({ baseURL, timeout: 5_000 });
}

export async function fetchStatement(url: string) {
  const agent = makeAgent(); // expect: agent-per-request
  const { body } = await request(url, { dispatcher: agent, headersTimeout: 5_000, bodyTimeout: 5_000 });
  return body.json();
}

export async function fetchRates(url: string) {
  const httpsAgent = makeHttpsAgent(); // expect: agent-per-request
  return axios.get(url, { httpsAgent, timeout: 5_000 });
}

export async function notifyPartner(partnerUrl: string, event: unknown) {
  const client = createPartnerClient(partnerUrl); // expect: agent-per-request
  return client.post('/events', event);
}

// clean: the factory's product is built once and reused, or cached by the factory itself.
const statements = makeAgent();
const partners = new Map<string, AxiosInstance>();

function partnerClient(baseURL: string): AxiosInstance {
  let client = partners.get(baseURL);
  if (!client) {
    client = axios.create({ baseURL, timeout: 5_000 });
    partners.set(baseURL, client);
  }
  return client;
}

export async function fetchStatementShared(url: string) {
  const { body } = await request(url, { dispatcher: statements, headersTimeout: 5_000, bodyTimeout: 5_000 });
  return body.json();
}

export async function notifyPartnerCached(partnerUrl: string, event: unknown) {
  const client = partnerClient(partnerUrl);
  return client.post('/events', event);
}

export function buildClient(partnerUrl: string) {
  const client = createPartnerClient(partnerUrl);
  return client;
}
