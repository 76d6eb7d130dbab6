// An axios wrapper whose timeout defaults to 0 (none): it times out only when the caller passes one.
import axios from 'axios';

export async function searchIndex(index: string, query: string, timeout = 0) {
  const { data } = await axios.get(`https://search.example.com/${index}`, { params: { q: query }, timeout });
  return data as unknown[];
}

export async function postEvent(url: string, event: unknown, signal?: AbortSignal) {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(event), signal });
  if (!response.ok) throw new Error(`event rejected: ${await response.text()}`);
  return response.json();
}
