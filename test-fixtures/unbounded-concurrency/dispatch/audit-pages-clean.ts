// Clean look-alikes of audit-pages.ts: the clamp keeps a page small, and a parameter no call in the file feeds.
import { auth } from './auth';

interface Result<T> {
  val: T;
  err: Error | null;
}
declare const warehouse: {
  sessions: {
    recent(args: { userId: string; limit: number }): { getRows(): Promise<Result<Array<{ deviceOwner: string }>>> };
  };
};

const MAX_DEVICES = 10;

async function owners(ownerIds: string[]) {
  return Promise.all(ownerIds.map((ownerId) => auth.getUser(ownerId)));
}

// At most 10 rows (`Math.min(…, MAX_DEVICES)`): a page, not a table.
export async function recentDevices(userId: string, input: { limit?: number }) {
  const limit = Math.min(input.limit ?? 5, MAX_DEVICES);
  const { getRows } = warehouse.sessions.recent({ userId, limit });
  const rows = await getRows();
  return owners(rows.val.map((row) => row.deviceOwner));
}

// The only callers are elsewhere: their collections' size is not in this file.
export async function ownersOf(ownerIds: string[]) {
  return Promise.all(ownerIds.map((ownerId) => auth.getUser(ownerId)));
}
