// Clean: UI code of a web app (components/) runs in the browser even though nothing in the file says so.
export async function fetchTranscript(actionPath: string, chatId: string) {
  const res = await fetch(`${actionPath}?chatId=${encodeURIComponent(chatId)}`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) return null;
  return res.json();
}
