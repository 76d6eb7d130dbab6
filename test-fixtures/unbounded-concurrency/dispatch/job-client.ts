// The job client picks its provider from the environment; callers only see `jobs.triggerJob(…)`.
import type { BaseJobProvider } from './base-provider';
import { EndpointJobProvider, NoopJobProvider } from './providers';

export class JobClient {
  private provider: BaseJobProvider;

  constructor() {
    this.provider = process.env.JOBS_PROVIDER === 'none' ? new NoopJobProvider() : EndpointJobProvider.getInstance();
  }

  async triggerJob(name: string, payload: unknown) {
    return this.provider.triggerJob(name, payload);
  }
}

export const jobs = new JobClient();
