// Clean: fan-outs over the children of one record and over handlers registered in code.
import { PrismaClient } from '@prisma/client';

const db = new PrismaClient();
const timeout = { signal: AbortSignal.timeout(5_000) };

export async function attachmentsOf(invoiceId: string) {
  const invoice = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: { files: true } });
  return Promise.all(invoice.files.map((file) => fetch(file.url, timeout).then((res) => res.arrayBuffer())));
}

export async function thumbnailsOf(albumId: string) {
  const album = await db.album.findFirst({ where: { id: albumId }, include: { photos: true } });
  if (!album) return [];
  const { photos } = album;
  return Promise.all(photos.map((photo) => fetch(photo.thumbnailUrl, timeout).then((res) => res.blob())));
}

type Hook = { event: string; url: string };

export class HookRunner {
  private hookDefinitions: Record<string, Hook> = {};

  register(id: string, hook: Hook) {
    this.hookDefinitions[id] = hook;
  }

  async emit(event: string, payload: unknown) {
    const matching = Object.values(this.hookDefinitions).filter((hook) => hook.event === event);
    await Promise.all(matching.map((hook) => fetch(hook.url, { ...timeout, method: 'POST', body: JSON.stringify(payload) }))); // expect: unconsumed-body
  }
}
