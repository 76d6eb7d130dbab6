// A client kept in a field but rebuilt by the method that sends: each call gets a fresh pool.
import axios, { type AxiosInstance } from 'axios';

interface GatewayConfig {
  tokenUrl: string;
  apiUrl: string;
}

export class SmsGateway {
  private client: AxiosInstance = axios.create({ timeout: 5_000 });
  private cached?: AxiosInstance;

  constructor(private readonly config: GatewayConfig) {}

  async send(to: string, text: string) {
    const auth = await axios.post(this.config.tokenUrl, {}, { timeout: 5_000 });
    this.client = axios.create({ // expect: agent-per-request
      baseURL: this.config.apiUrl,
      timeout: 5_000,
      headers: { authorization: `Bearer ${auth.data.token}` },
    });
    return this.client.post('/messages', { to, text });
  }

  async status(id: string) {
    if (!this.cached) {
      this.cached = axios.create({ baseURL: this.config.apiUrl, timeout: 5_000 });
    }
    return this.cached.get(`/messages/${id}`);
  }

  async initialize() {
    this.client = axios.create({ baseURL: this.config.apiUrl, timeout: 5_000 });
    await this.client.get('/health');
  }
}
