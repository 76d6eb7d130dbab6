// The checks table and its row schema.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';

export const check = sqliteTable('check', {
  id: integer('id').primaryKey(),
  workspaceId: integer('workspace_id').notNull(),
  url: text('url').notNull(),
  interval: text('interval').notNull(),
  status: text('status').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  deletedAt: integer('deleted_at'),
  regions: text('regions', { mode: 'json' }).$type<string[]>().notNull(),
});

export const checkSchema = z.object({ id: z.number(), url: z.string(), regions: z.array(z.string()) });

export type Check = z.infer<typeof checkSchema>;
