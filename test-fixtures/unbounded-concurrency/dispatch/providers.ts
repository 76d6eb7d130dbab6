// Providers: one posts each job to an endpoint (axios with a timeout), one runs nothing, one looks users up over HTTP.
import { api } from '../lib/http';
import { BaseAuthProvider, BaseJobProvider } from './base-provider';

export class EndpointJobProvider extends BaseJobProvider {
  private static instance: EndpointJobProvider | undefined;

  static getInstance(): EndpointJobProvider {
    EndpointJobProvider.instance ??= new EndpointJobProvider();
    return EndpointJobProvider.instance;
  }

  async triggerJob(name: string, payload: unknown): Promise<void> {
    await this.submit(name, payload);
  }

  private async submit(name: string, payload: unknown): Promise<void> {
    await api.post(`/jobs/${name}`, payload);
  }
}

export class NoopJobProvider extends BaseJobProvider {
  async triggerJob(): Promise<void> {}
}

export class HttpAuthProvider extends BaseAuthProvider {
  async getUser(id: string) {
    const { data } = await api.get<{ id: string; email: string }>(`/users/${id}`);
    return data;
  }
}
