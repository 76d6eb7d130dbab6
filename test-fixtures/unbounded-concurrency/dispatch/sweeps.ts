// Fan-outs through providers chosen at run time, over collections the code shows can be large.
import { auth } from './auth';
import { jobs } from './job-client';

interface Rows {
  findMany(args: { where?: object; take?: number }): Promise<Array<{ id: string; userId: string }>>;
}
interface Builder {
  selectFrom(table: string): Builder;
  limit(n: number): Builder;
  execute(): Promise<Array<{ id: string; userId: string }>>;
}

export async function expireRecipients(recipients: Rows) {
  const expired = await recipients.findMany({ where: { expired: true }, take: 1000 });
  await Promise.allSettled( // expect: unbounded-concurrency
    expired.map(async (recipient) => {
      await jobs.triggerJob('recipient.expired', { id: recipient.id });
    }),
  );
}

export async function sealStuckEnvelopes(db: Builder) {
  const envelopes = await db.selectFrom('Envelope').limit(100).execute();
  await Promise.all(envelopes.map((envelope) => auth.getUser(envelope.userId))); // expect: unbounded-concurrency
}

export async function remindAll(recipients: Rows) {
  const pending = (await recipients.findMany({ take: 500 })).filter((row) => row.userId !== '');
  pending.forEach((row) => { // expect: unbounded-concurrency
    void jobs.triggerJob('reminder', { id: row.id });
  });
}
