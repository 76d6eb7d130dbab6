// Queues held in fields and fed elsewhere: `this.queue = new PQueue(…)` in the constructor, `this.queue.add(…)` later.
import PQueue from 'p-queue';

export class Notifier {
  private readonly queue: PQueue;
  private readonly open: PQueue;

  constructor() {
    this.queue = new PQueue({ concurrency: 4 });
    this.open = new PQueue(); // expect: limiter-without-bound
  }

  private post(url: string) {
    return this.queue.add(() => fetch(url, { method: 'POST', signal: AbortSignal.timeout(5_000) }));
  }

  private postOpen(url: string) {
    return this.open.add(() => fetch(url, { method: 'POST', signal: AbortSignal.timeout(5_000) }));
  }

  // clean: every request goes through the bounded queue, however many are fanned out.
  async notifyAll(urls: string[]) {
    return Promise.allSettled(urls.map((url) => this.post(url)));
  }

  async notifyAllOpen(urls: string[]) {
    return Promise.allSettled(urls.map((url) => this.postOpen(url)));
  }
}
