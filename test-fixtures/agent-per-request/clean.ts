// Clean: instances created once, factories that return them, caches and constructors.
import { Agent, request } from 'undici';
import axios, { type AxiosInstance } from 'axios';

const dispatcher = new Agent({ connections: 8 });
const client = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 });
const agents = new Map<string, Agent>();
let shared: Agent | undefined;

export async function getUser(id: string) {
  return request(`https://api.example.com/users/${id}`, { dispatcher, signal: AbortSignal.timeout(5_000) });
}

export function createClient(baseURL: string): AxiosInstance {
  return axios.create({ baseURL, timeout: 5_000 });
}

export function agentFor(origin: string): Agent {
  let agent = agents.get(origin);
  if (!agent) {
    agent = new Agent({ connections: 8 });
    agents.set(origin, agent);
  }
  return agent;
}

export function lazyAgent(): Agent {
  shared ??= new Agent({ connections: 8 });
  return shared;
}

export function factoryWithOptions() {
  const agent = new Agent({ connections: 8 });
  return { dispatcher: agent };
}

export class ApiClient {
  private readonly http: AxiosInstance;
  private readonly pool = new Agent({ connections: 8 });

  constructor(baseURL: string) {
    this.http = axios.create({ baseURL, timeout: 5_000 });
  }

  get(path: string) {
    return this.http.get(path);
  }

  raw(path: string) {
    return request(path, { dispatcher: this.pool, signal: AbortSignal.timeout(5_000) });
  }
}

export async function usesModuleClient(path: string) {
  return client.get(path);
}

export function installGlobal(setGlobalDispatcher: (agent: Agent) => void) {
  const agent = new Agent({ connections: 8 });
  setGlobalDispatcher(agent);
  return request('https://api.example.com/warm-up', { signal: AbortSignal.timeout(5_000) });
}

export function poolPerOrigin(origins: string[], pools: Agent[]) {
  for (const origin of origins) {
    const pool = new Agent({ connections: 4 });
    pools.push(pool);
    void origin;
  }
}
