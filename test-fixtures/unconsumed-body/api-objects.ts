// Responses from an object of request functions and from a module namespace: the caller holds the body.
import * as billing from './lib/orders-api';
import { ordersApi } from './lib/orders-api';

export async function orderStatus(id: string) {
  const res = await ordersApi.getOrder(id); // expect: unconsumed-body
  if (!res.ok) throw new Error(`order ${id}: ${res.status}`);
  return (await res.json()) as { status: string };
}

export async function cancel(id: string) {
  const res = await ordersApi.cancelOrder(id); // expect: unconsumed-body
  return res.ok;
}

export async function invoiceTotal(id: string) {
  const res = await billing.getInvoice(id); // expect: unconsumed-body
  if (res.status === 404) return 0;
  return ((await res.json()) as { total: number }).total;
}

// clean: the body is cancelled, read, or read by the function itself.
export async function orderStatusCancelled(id: string) {
  const res = await ordersApi.getOrder(id);
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`order ${id}: ${res.status}`);
  }
  return (await res.json()) as { status: string };
}

export async function invoiceTotalRead(id: string) {
  const invoice = await billing.getInvoiceJson(id);
  return invoice.total;
}
