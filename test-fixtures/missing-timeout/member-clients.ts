// Requests through class members: fields set by a property initializer or in the constructor.
import axios, { type AxiosInstance } from 'axios';
import got, { type Got } from 'got';
import { Pool } from 'undici';

export class BillingClient {
  private readonly http: AxiosInstance = axios.create({ baseURL: 'https://billing.example.com/v1' });
  private readonly github: Got = got.extend({ prefixUrl: 'https://api.github.com', headers: { accept: 'application/vnd.github+json' } });
  private readonly ledger = new Pool('https://ledger.example.com', { connections: 8 });

  async invoice(id: string) {
    const { data } = await this.http.get(`/invoices/${id}`); // expect: missing-timeout
    return data;
  }

  async releases(repo: string) {
    return this.github.get(`repos/${repo}/releases`).json(); // expect: missing-timeout
  }

  async entries(account: string) {
    const { body } = await this.ledger.request({ path: `/accounts/${account}/entries`, method: 'GET' }); // expect: missing-timeout
    return body.json();
  }
}

// clean: the same members, each with its deadline on the instance or the request.
export class BoundedBillingClient {
  private readonly http: AxiosInstance = axios.create({ baseURL: 'https://billing.example.com/v1', timeout: 10_000 });
  private readonly github: Got = got.extend({ prefixUrl: 'https://api.github.com', timeout: { request: 10_000 } });
  private readonly ledger = new Pool('https://ledger.example.com', { connections: 8, headersTimeout: 10_000, bodyTimeout: 10_000 });
  private readonly search: AxiosInstance;

  constructor(searchUrl: string) {
    this.search = axios.create({ baseURL: searchUrl, timeout: 5_000 });
  }

  async invoice(id: string) {
    const { data } = await this.http.get(`/invoices/${id}`);
    return data;
  }

  async releases(repo: string) {
    return this.github.get(`repos/${repo}/releases`).json();
  }

  async entries(account: string) {
    const { body } = await this.ledger.request({ path: `/accounts/${account}/entries`, method: 'GET' });
    return body.json();
  }

  async find(query: string) {
    return this.search.get('/query', { params: { q: query } });
  }
}

/** A project client class whose methods take the caller's options. */
export class GithubClient {
  async repository(name: string, init?: RequestInit) {
    const response = await fetch(`https://api.github.com/repos/${name}`, init);
    return response.json();
  }
}

export class ReleaseService {
  private readonly github = new GithubClient();

  async latest(name: string) {
    return this.github.repository(name); // expect: missing-timeout
  }

  // clean: this call passes a signal through the same member.
  async latestBounded(name: string) {
    return this.github.repository(name, { signal: AbortSignal.timeout(5_000) });
  }
}

/** A field created in a branch of the constructor: the creation there decides. */
export class GenericSmsProvider {
  private http!: AxiosInstance;

  constructor(private readonly config: { baseUrl: string; authenticateByToken: boolean }) {
    if (!config.authenticateByToken) {
      this.http = axios.create({ baseURL: config.baseUrl, headers: { 'content-type': 'application/json' } });
    }
  }

  async sendMessage(to: string, text: string) {
    return this.http.request({ method: 'POST', url: '/messages', data: { to, text } }); // expect: missing-timeout
  }
}
