// @ts-check
// missing-retry/missing: a request in a loop is retried by the helper's withRetry (required, as the file does).

/** @param {string[]} urls */
async function crawl(urls) {
  const pages = [];
  for (const url of urls) {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) }); // expect: missing-retry
    pages.push(await res.text());
  }
  return pages;
}

module.exports = { crawl };
