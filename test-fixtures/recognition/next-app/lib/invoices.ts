// Imported by a route handler: server code.
import { apiBase } from './api-base';

export interface Invoice {
  id: string;
  total: number;
}

export async function loadInvoice(id: string): Promise<Invoice> {
  const response = await fetch(`${apiBase}/invoices/${id}`); // expect: missing-timeout, unconsumed-body
  if (!response.ok) throw new Error(`invoice ${id}: ${response.status}`);
  return (await response.json()) as Invoice;
}
