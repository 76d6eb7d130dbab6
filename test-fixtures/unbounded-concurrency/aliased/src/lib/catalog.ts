// A wrapper reached through a tsconfig path alias.
export async function getProduct(id: string) {
  return fetch(`https://api.example.com/products/${id}`, { signal: AbortSignal.timeout(5_000) });
}
