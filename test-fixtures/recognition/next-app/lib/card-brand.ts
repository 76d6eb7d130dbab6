// Clean: imported only by a module that only 'use client' components import.
import { apiBase } from './api-base';

export async function cardBrandLogo(brand: string) {
  const response = await fetch(`${apiBase}/brands/${brand}/logo`);
  return response.blob();
}
