// An object of request functions reached through a module namespace: `users.usersApi.fetchUser(…)`.
import * as users from './lib/users-api';

export async function loadProfile(id: string) {
  const response = await users.usersApi.fetchUser(id, { headers: { accept: 'application/json' } }); // expect: missing-timeout
  return response.json();
}

export async function loadTeamPage(id: string) {
  const response = await users.usersApi.fetchTeam(id); // expect: missing-timeout
  return response.json();
}

// clean: the caller passes a signal through the same namespace and object.
export async function loadProfileBounded(id: string, signal: AbortSignal) {
  const response = await users.usersApi.fetchUser(id, { signal });
  return response.json();
}

// clean: `users.usersApi.toString` is not one of the object's request functions.
export function describeApi() {
  return users.usersApi.toString();
}
