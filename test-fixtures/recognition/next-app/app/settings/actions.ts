'use server';
// A Server Action: client components call it, but it runs on the server.
import { apiBase } from '../../lib/api-base';

export async function updateBillingEmail(customerId: string, email: string) {
  const response = await fetch(`${apiBase}/customers/${customerId}`, { method: 'PATCH', body: JSON.stringify({ email }) }); // expect: missing-timeout, unconsumed-body
  return response.ok;
}
