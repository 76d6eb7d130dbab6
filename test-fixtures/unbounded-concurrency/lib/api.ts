// The app's API module: one object of request functions per resource (`api.users.fetchUser(id)`).
import { withRetry } from './resilient-http';

const baseUrl = 'https://api.example.com';

async function getJson(path: string) {
  const res = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`GET ${path} failed with ${res.status}: ${await res.text()}`);
  return res.json();
}

export const users = {
  fetchUser: (id: string) => getJson(`/users/${id}`),
  async fetchUserRetried(id: string) {
    return withRetry(() => getJson(`/users/${id}`));
  },
  displayName(user: { firstName: string; lastName: string }) {
    return `${user.firstName} ${user.lastName}`;
  },
};

export const teams = {
  fetchTeam: (id: string) => getJson(`/teams/${id}`),
};
