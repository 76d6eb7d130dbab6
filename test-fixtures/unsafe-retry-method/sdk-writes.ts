// Hand-written retry loops around SDK writes: an insert or a create sent again after a failure may land twice.
import { createClient } from '@supabase/supabase-js';
import Stripe from 'stripe';

const db = createClient(process.env.SUPABASE_URL ?? '', process.env.SUPABASE_KEY ?? '');
const stripe = new Stripe(process.env.STRIPE_KEY ?? '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function recordEvent(event: { id: string; kind: string }) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { error } = await db.from('events').insert(event); // expect: unsafe-retry-method
    if (!error) return;
    await sleep(Math.random() * 100 * 2 ** attempt);
  }
}

export async function charge(customer: string, amount: number) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await stripe.charges.create({ customer, amount, currency: 'eur' }); // expect: unsafe-retry-method
    } catch {
      await sleep(Math.random() * 500 * 2 ** attempt);
    }
  }
  throw new Error('charge failed');
}

// clean: an upsert on the primary key lands once however often it is sent.
export async function recordEventOnce(event: { id: string; kind: string }) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { error } = await db.from('events').upsert(event, { onConflict: 'id' });
    if (!error) return;
    await sleep(Math.random() * 100 * 2 ** attempt);
  }
}

// clean: Stripe deduplicates a create sent again with the same idempotency key.
export async function chargeOnce(customer: string, amount: number, key: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await stripe.charges.create({ customer, amount, currency: 'eur' }, { idempotencyKey: key });
    } catch {
      await sleep(Math.random() * 500 * 2 ** attempt);
    }
  }
  throw new Error('charge failed');
}

// clean: reads retried.
export async function events(kind: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { data, error } = await db.from('events').select('*').eq('kind', kind);
    if (!error) return data;
    await sleep(Math.random() * 100 * 2 ** attempt);
  }
  return [];
}
