// unbounded-concurrency/dispatch: a provider chosen at run time, over up to 1000 rows, becomes the helper's mapLimit, 8 at a time.
import { mapLimit } from './resilient-http';

abstract class JobProvider {
  async trigger(_id: string): Promise<void> {
    throw new Error('Not implemented');
  }
}

class EndpointProvider extends JobProvider {
  async trigger(id: string): Promise<void> {
    const res = await fetch(`https://jobs.example.com/run/${id}`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
    await res.body?.cancel();
  }
}

class NoopProvider extends JobProvider {
  async trigger(): Promise<void> {}
}

class Jobs {
  private provider: JobProvider;

  constructor() {
    this.provider = process.env.JOBS_PROVIDER === 'none' ? new NoopProvider() : new EndpointProvider();
  }

  async trigger(id: string) {
    return this.provider.trigger(id);
  }
}

const jobs = new Jobs();

export async function expireAll(rows: { findMany(args: { take: number }): Promise<string[]> }) {
  const ids = await rows.findMany({ take: 1000 });
  return mapLimit(ids, 8, (id) => jobs.trigger(id)); // expect: unbounded-concurrency
}
