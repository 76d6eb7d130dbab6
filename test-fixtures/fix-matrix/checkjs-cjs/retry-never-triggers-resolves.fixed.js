// @ts-check
// retry-never-triggers/resolves: the callback throws on a retryable status, so the project's retry sees the failure (p-retry is ESM-only).

/**
 * @template T
 * @param {() => Promise<T>} operation
 * @returns {Promise<T>}
 */
async function retryOnError(operation) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
    }
  }
}

/** @param {string} id */
async function getUser(id) {
  const res = await retryOnError(async () => {
    const response = await fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(5_000) });
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    return response;
  }); // expect: retry-never-triggers
  return res.json();
}

module.exports = { getUser };
