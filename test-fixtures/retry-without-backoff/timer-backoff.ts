// A queue flushed by a timer: after each failure the delay doubles, but every client doubles in step.
const MIN_RETRY_MS = 5_000;
const MAX_RETRY_MS = 3_600_000;

export function createOutbox(send: (item: string) => Promise<void>) {
  const pending: string[] = [];
  let retryDelay = MIN_RETRY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function scheduleFlush(ms: number) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), ms);
  }

  async function flush() {
    timer = undefined;
    const item = pending.shift();
    if (!item) return;
    try {
      await send(item);
      retryDelay = MIN_RETRY_MS;
    } catch {
      pending.unshift(item);
      scheduleFlush(retryDelay);
      retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS); // expect: retry-without-backoff
    }
  }

  return {
    push(item: string) {
      pending.push(item);
      scheduleFlush(0);
    },
  };
}

export function createJitteredOutbox(send: () => Promise<void>) {
  let retryDelay = MIN_RETRY_MS;
  const attempt = async (): Promise<void> => {
    try {
      await send();
    } catch {
      setTimeout(() => void attempt(), Math.random() * retryDelay);
      retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
    }
  };
  return attempt;
}
