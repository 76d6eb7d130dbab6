// The app's database handle and the drizzle operators it uses.
import { drizzle } from 'drizzle-orm/libsql';
import { createClient } from '@libsql/client';

export { and, eq, isNull } from 'drizzle-orm';

export const db = drizzle(createClient({ url: process.env.DATABASE_URL ?? 'file:local.db' }));
