// Requests through objects of functions behind a module namespace: `api.users.fetchUser(id)`.
import * as api from './lib/api';
import { limit } from './lib/limiter';

export async function loadMembers(ids: string[]) {
  return Promise.all(ids.map((id) => api.users.fetchUser(id))); // expect: unbounded-concurrency, missing-retry
}

export async function loadTeams(teamIds: string[]) {
  return Promise.all(teamIds.map(api.teams.fetchTeam)); // expect: unbounded-concurrency
}

// Retried inside, still all at once.
export async function loadMembersRetried(ids: string[]) {
  return Promise.all(ids.map((id) => api.users.fetchUserRetried(id))); // expect: unbounded-concurrency
}

// clean: through the shared limiter.
export async function loadMembersLimited(ids: string[]) {
  return Promise.all(ids.map((id) => limit(() => api.users.fetchUserRetried(id))));
}

// clean: one at a time.
export async function loadMembersInTurn(ids: string[]) {
  const members = [];
  for (const id of ids) members.push(await api.users.fetchUserRetried(id));
  return members;
}

// clean: `displayName` sends nothing.
export function memberNames(members: { firstName: string; lastName: string }[]) {
  return members.map((member) => api.users.displayName(member));
}
