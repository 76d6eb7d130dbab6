import { NextResponse } from 'next/server';
import { loadInvoice } from '../../../lib/invoices';
import type { PaymentMethod } from '../../../lib/payment-methods';

export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id') ?? '';
  const invoice = await loadInvoice(id); // expect: missing-retry
  const methods: PaymentMethod[] = [];
  return NextResponse.json({ invoice, methods });
}
