// retry-without-backoff/noJitter: the doubling delay gets full jitter.
export async function load(url: string) {
  let delay = 200;
  for (let attempt = 1; attempt <= 3; attempt++) { // expect: retry-without-backoff
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      if (attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
  return undefined;
}
