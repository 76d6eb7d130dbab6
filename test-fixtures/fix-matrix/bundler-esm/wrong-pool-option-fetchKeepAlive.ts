// wrong-pool-option/fetchKeepAlive: not a Fetch option; the property goes.
export async function load(url: string) {
  const res = await fetch(url, {
    keepAlive: true, // expect: wrong-pool-option
    signal: AbortSignal.timeout(5_000),
  } as RequestInit);
  return res.json();
}
