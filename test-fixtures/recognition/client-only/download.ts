// A module under client-only/ runs in the page: clean for the Node socket and timeout rules.
export async function downloadDocument(url: string, fileName: string) {
  const response = await fetch(url);
  const blob = await response.blob();
  return new File([blob], fileName);
}
