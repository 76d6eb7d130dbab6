// A server module of an SSR app: react-dom beside `next` does not make the package browser code.
export async function stockLevel(sku: string) {
  const response = await fetch(`https://inventory.example.com/stock/${sku}`, { headers: { accept: 'application/json' } }); // expect: missing-timeout
  if (!response.ok) throw new Error(`stock ${sku}: ${response.status} ${await response.text()}`);
  return response.json();
}
