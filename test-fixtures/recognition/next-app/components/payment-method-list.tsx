'use client';

import { useEffect, useState } from 'react';
import { updateBillingEmail } from '../app/settings/actions';
import { getJson } from '../lib/api-base';
import { listPaymentMethods, type PaymentMethod, removePaymentMethod } from '../lib/payment-methods';
import { BrandLogo } from './brand-logo';

export function PaymentMethodList({ customerId }: { customerId: string }) {
  const [methods, setMethods] = useState<PaymentMethod[]>([]);
  useEffect(() => {
    void listPaymentMethods(customerId).then(setMethods);
    void getJson<{ email: string }>(`/customers/${customerId}`);
  }, [customerId]);
  return (
    <ul>
      {methods.map((method) => (
        <li key={method.id}>
          <BrandLogo brand={method.brand} /> •••• {method.last4}
          <button onClick={() => void removePaymentMethod(method.id)}>Remove</button>
          <button onClick={() => void updateBillingEmail(customerId, 'billing@example.com')}>Use billing email</button>
        </li>
      ))}
    </ul>
  );
}
