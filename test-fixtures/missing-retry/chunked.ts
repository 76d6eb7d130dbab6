// Chunked fan-outs whose callback catches a failure and skips the item: the `try` is the callback's, not a retry.
import axios from 'axios';

export async function downloadIcons(urls: string[]) {
  const skipped: string[] = [];
  const length = urls.length;
  for (let i = 0; i < length; i += 20) {
    const slice = urls.slice(i, i + 20);
    const requests = slice.map(async (url) => {
      try {
        const response = await axios.get(url, { timeout: 5_000 }); // expect: missing-retry
        return response.data as string;
      } catch {
        console.warn(`failed to fetch ${url}, skipping`);
        skipped.push(url);
        return undefined;
      }
    });
    await Promise.all(requests);
  }
  return skipped;
}

// clean: each item is retried inside the callback before it is skipped.
export async function downloadIconsRetried(urls: string[]) {
  const length = urls.length;
  for (let i = 0; i < length; i += 20) {
    const slice = urls.slice(i, i + 20);
    await Promise.all(
      slice.map(async (url) => {
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            return (await axios.get(url, { timeout: 5_000 })).data as string;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 250 * 2 ** attempt));
          }
        }
        return undefined;
      }),
    );
  }
}
