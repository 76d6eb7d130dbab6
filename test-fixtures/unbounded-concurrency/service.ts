// Calls into project classes: through a constructor parameter's type and through `new`.
import { UserClient } from './lib/user-client';

export class UserService {
  constructor(private readonly users: UserClient) {}

  async loadAll(ids: string[]) {
    return Promise.all(ids.map((id) => this.users.get(id))); // expect: unbounded-concurrency, missing-retry
  }
}

export async function viaNew(ids: string[]) {
  const client = new UserClient();
  return Promise.all(ids.map((id) => client.get(id))); // expect: unbounded-concurrency, missing-retry
}
