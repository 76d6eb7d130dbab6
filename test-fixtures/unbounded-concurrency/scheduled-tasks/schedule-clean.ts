// Look-alikes that stay quiet: one workspace's checks, a capped page, one at a time.
import { CloudTasksClient } from '@google-cloud/tasks';
import { db, eq } from './db';
import { check, type Check } from './schema';

const tasks = new CloudTasksClient();

async function queueCheck({ tasks, row }: { tasks: CloudTasksClient; row: Check }) {
  return tasks.createTask({ parent: 'projects/acme/queues/checks', task: { httpRequest: { httpMethod: 'POST', url: row.url } } });
}

export async function scheduleWorkspace(workspaceId: number) {
  const rows = await db.select().from(check).where(eq(check.workspaceId, workspaceId));
  await Promise.all(rows.map((row) => queueCheck({ tasks, row })));
}

export async function scheduleFirstPage() {
  const rows = await db.select().from(check).where(eq(check.active, true)).limit(20);
  await Promise.all(rows.map((row) => queueCheck({ tasks, row })));
}

export async function scheduleInTurn() {
  const rows = await db.select().from(check).where(eq(check.active, true));
  for (const row of rows) await queueCheck({ tasks, row });
}
