// Project request modules that hand back fetch's Response as it is, and one that reads it itself.
const deadline = () => AbortSignal.timeout(5_000);

export const ordersApi = {
  getOrder: (id: string) => fetch(`https://orders.example.com/orders/${id}`, { signal: deadline() }),
  async cancelOrder(id: string) {
    return await fetch(`https://orders.example.com/orders/${id}/cancel`, { method: 'POST', signal: deadline() });
  },
};

export function getInvoice(id: string) {
  return fetch(`https://billing.example.com/invoices/${id}`, { signal: deadline() });
}

export async function getInvoiceJson(id: string) {
  const res = await fetch(`https://billing.example.com/invoices/${id}`, { signal: deadline() });
  if (!res.ok) throw new Error(`invoice ${id}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ total: number }>;
}
