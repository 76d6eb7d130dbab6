'use client';
// Browser code: the browser caps connections per host itself, so the Node socket rules do not apply.
export async function loadImages(urls: string[]) {
  return Promise.all(urls.map((url) => fetch(url)));
}
