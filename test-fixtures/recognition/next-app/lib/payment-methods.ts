// Clean: imported only from 'use client' components (the route above imports just its type), so it runs in the browser.
import { apiBase } from './api-base';

export interface PaymentMethod {
  id: string;
  brand: string;
  last4: string;
}

export async function listPaymentMethods(customerId: string): Promise<PaymentMethod[]> {
  const response = await fetch(`${apiBase}/customers/${customerId}/payment-methods`, { credentials: 'include' });
  if (!response.ok) throw new Error(`payment methods: ${response.status}`);
  return (await response.json()) as PaymentMethod[];
}

export async function removePaymentMethod(id: string) {
  const response = await fetch(`${apiBase}/payment-methods/${id}`, { method: 'DELETE', credentials: 'include' });
  return response.ok;
}
