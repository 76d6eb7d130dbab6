// `@acme/http` is a workspace package: its wrapper is followed into packages/http/src, four calls down to fetch.
import { getJson } from '@acme/http';

async function loadUser(id: string): Promise<unknown> {
  return getJson(`https://api.example.com/users/${id}`);
}

export async function loadUsers(ids: string[]): Promise<unknown[]> {
  return Promise.all(ids.map((id) => loadUser(id))); // expect: unbounded-concurrency, missing-retry
}
