import { cardBrandLogo } from '../lib/card-brand';

// No directive of its own: only the 'use client' list above renders it.
export function BrandLogo({ brand }: { brand: string }) {
  void cardBrandLogo(brand);
  return <span className={`brand brand-${brand}`} />;
}
