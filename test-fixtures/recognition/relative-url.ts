// A fetch of a relative URL can only be sent by a page (Node's fetch needs an origin): the file is browser code, clean.
const withBase = (path: string) => `${import.meta.url.startsWith('http') ? '' : '/app'}${path}`;

export async function presignedDownload(key: string) {
  const presigned = await fetch(withBase('/api/files/presigned-get-url'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  if (!presigned.ok) throw new Error(`presign failed: ${presigned.status}`);
  const { url } = (await presigned.json()) as { url: string };
  const file = await fetch(url, { method: 'GET' });
  return new Uint8Array(await file.arrayBuffer());
}

export async function uploadTo(path: string, body: Blob) {
  return fetch(`/api/upload/${path}`, { method: 'PUT', body }).then((response) => response.json());
}
