'use client';
// Clean: browser code; the browser's own connection handling applies, not Node's pool.
export async function loadAvatar(url: string) {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) return null;
  return res.blob();
}
