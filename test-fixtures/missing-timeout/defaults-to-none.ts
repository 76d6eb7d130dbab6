// Deadlines that default to nothing: `timeout = 0`, an optional `signal` no caller sets, `...options` forwarded unset.
import * as users from './lib/users-api';
import { postEvent, searchIndex } from './lib/search-client';
import { searchUsers, usersApi } from './lib/users-api';

export async function findProducts(query: string) {
  return searchIndex('products', query); // expect: missing-timeout
}

export async function findOrders(query: string) {
  return searchIndex('orders', query, 0); // expect: missing-timeout
}

// clean: this caller passes a timeout.
export async function findInvoices(query: string) {
  return searchIndex('invoices', query, 5_000);
}

export async function trackSignup(userId: string) {
  return postEvent('https://events.example.com/signup', { userId }); // expect: missing-timeout
}

// clean: the signal is set.
export async function trackLogin(userId: string) {
  return postEvent('https://events.example.com/login', { userId }, AbortSignal.timeout(5_000));
}

export async function loadUser(id: string) {
  const response = await usersApi.fetchUser(id, { headers: { accept: 'application/json' } }); // expect: missing-timeout
  return response.json();
}

export async function loadTeam(id: string) {
  const response = await usersApi.fetchTeam(id); // expect: missing-timeout
  return response.json();
}

export async function search(query: string) {
  const response = await users.searchUsers(query); // expect: missing-timeout
  return response.json();
}

// clean: the callers below pass a signal through the same objects and namespace.
export async function loadUserBounded(id: string) {
  const response = await usersApi.fetchUser(id, { signal: AbortSignal.timeout(5_000) });
  return response.json();
}

export async function searchBounded(query: string, signal: AbortSignal) {
  const response = await searchUsers(query, { signal });
  return response.json();
}
