// The fan-out imports its wrapper through `@/` (tsconfig paths) and `src/` (baseUrl).
import { getProduct } from '@/lib/catalog';
import { getProduct as viaBaseUrl } from 'src/lib/catalog';

export async function products(ids: string[]) {
  return Promise.all(ids.map((id) => getProduct(id))); // expect: unbounded-concurrency, missing-retry
}

export async function productsAgain(ids: string[]) {
  return Promise.all(ids.map((id) => viaBaseUrl(id))); // expect: unbounded-concurrency, missing-retry
}
