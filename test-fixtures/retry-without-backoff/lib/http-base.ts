// A project HTTP class in the shape of renovate's: overload signatures before the implementation, a task held in a
// local const and handed to a queue, the request several calls below the public method.
import got from 'got';

type Options = { body?: unknown };

export abstract class HttpBase {
  postJson(url: string): Promise<unknown>;
  postJson(url: string, options: Options): Promise<unknown>;
  postJson(url: string, options?: Options): Promise<unknown> {
    return this.requestJson('post', url, options);
  }

  private async requestJson(method: string, url: string, options?: Options): Promise<unknown> {
    const response = await this.request(method, url, options);
    return response;
  }

  private async request(method: string, url: string, options?: Options): Promise<unknown> {
    const task = async () => send(method, url, options);
    return queued(task);
  }
}

async function queued<T>(task: () => Promise<T>): Promise<T> {
  return task();
}

async function send(method: string, url: string, options?: Options): Promise<unknown> {
  return got(url, { method: method as 'post', json: options?.body, timeout: { request: 10_000 } }).json();
}
