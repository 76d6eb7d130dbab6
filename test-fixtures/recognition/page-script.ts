// Clean: a module that reads `window.location` with no check of where it runs is page code.
export async function loadSettings() {
  const response = await fetch(`${window.location.origin}/settings.json`);
  if (!response.ok) throw new Error(`settings: ${response.status}`);
  return response.json();
}
