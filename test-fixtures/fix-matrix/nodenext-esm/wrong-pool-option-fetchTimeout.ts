// wrong-pool-option/fetchTimeout: fetch's deadline is a signal.
export async function load(url: string) {
  const res = await fetch(url, { timeout: 5_000 } as RequestInit); // expect: wrong-pool-option
  return res.json();
}
