// A backoff shared by several retry hooks (full jitter).
export function computeBackoff(attempt: number, baseMs = 500, capMs = 20_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}
