// Clean: a module of a package built for the browser (react-dom, no server framework); nothing in the file says so.
export async function loadReport(apiBase: string, id: string) {
  const response = await fetch(`${apiBase}/reports/${id}`, { credentials: 'include' });
  if (!response.ok) throw new Error(`report ${id}: ${response.status}`);
  return response.json();
}
