// Fix: fetch gets a signal, axios a timeout.
import axios from 'axios';

export async function getUser(id: string) {
  const res = await fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(10_000) }); // expect: missing-timeout
  return res.json();
}

export async function getOrder(id: string) {
  const res = await fetch(`https://api.example.com/orders/${id}`, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } }); // expect: missing-timeout
  return res.json();
}

export async function getInvoice(id: string) {
  return axios.get(`https://api.example.com/invoices/${id}`, { timeout: 10_000 }); // expect: missing-timeout
}

export async function createUser(user: { name: string }) {
  const res = await fetch('https://api.example.com/users', { // expect: missing-timeout
    signal: AbortSignal.timeout(10_000),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  return res.json();
}
