// Clean: a module under browser/ runs in the page (the browser bounds its own connections).
export async function uploadAvatar(endpoint: string, file: Blob) {
  const response = await fetch(endpoint, { method: 'PUT', body: file });
  if (!response.ok) throw new Error(`upload failed: ${response.status}`);
  return response.json();
}
