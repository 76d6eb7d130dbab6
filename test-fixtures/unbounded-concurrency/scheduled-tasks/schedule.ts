// A cron route that queues one Cloud Task per active check and region.
import { CloudTasksClient } from '@google-cloud/tasks';
import { and, db, eq, isNull } from './db';
import { check, checkSchema, type Check } from './schema';
import { z } from 'zod';

interface QueueArgs {
  tasks: CloudTasksClient;
  queue: string;
  row: Check;
  region: string;
}

async function queueCheck({ tasks, queue, row, region }: QueueArgs) {
  const body = Buffer.from(JSON.stringify({ checkId: row.id, region })).toString('base64');
  return tasks.createTask({ parent: queue, task: { httpRequest: { httpMethod: 'POST', url: row.url, body } } });
}

const queueInline = ({ tasks, queue, row }: { tasks: CloudTasksClient; queue: string; row: Check }) =>
  tasks.createTask({ parent: queue, task: { httpRequest: { httpMethod: 'POST', url: row.url } } });

export async function scheduleChecks(interval: string) {
  const tasks = new CloudTasksClient(); // expect: agent-per-request
  const queue = tasks.queuePath('acme', 'europe-west1', interval);
  const rows = await db.select().from(check).where(and(eq(check.interval, interval), eq(check.active, true), isNull(check.deletedAt))).all();
  const checks = z.array(checkSchema).safeParse(rows);
  if (!checks.success) throw new Error('invalid checks');
  const queued = [];
  for (const row of checks.data) {
    for (const region of row.regions) {
      queued.push(queueCheck({ tasks, queue, row, region })); // expect: unbounded-concurrency
    }
  }
  await Promise.allSettled(queued);
}

export async function retryFailedChecks() {
  const tasks = new CloudTasksClient(); // expect: agent-per-request
  const queue = tasks.queuePath('acme', 'europe-west1', 'retries');
  const failed = await db.select().from(check).where(eq(check.status, 'failed'));
  await Promise.all(failed.map((row) => queueInline({ tasks, queue, row }))); // expect: unbounded-concurrency
}
