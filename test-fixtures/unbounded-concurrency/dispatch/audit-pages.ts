// A page of audit rows whose size the code clamps from the request, loaded through a curried query, then one user
// lookup per distinct actor: the size is handed on through `const`s, a builder's arguments and a parameter.
import { auth } from './auth';

interface Result<T> {
  val: T;
  err: Error | null;
}
interface AuditRow {
  actorId: string;
  actorType: 'user' | 'key';
}
declare const warehouse: {
  auditLogs: {
    logs(args: { workspaceId: string; limit: number; offset: number }): {
      getLogsQuery(): Promise<Result<AuditRow[]>>;
      getTotalQuery(): Promise<Result<Array<{ total: number }>>>;
    };
  };
};

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

function buildQueryArgs(workspaceId: string, limit: number, offset: number) {
  return { workspaceId, limit, offset };
}

async function usersByActor(actorIds: string[]) {
  const unique = [...new Set(actorIds)];
  const users = await Promise.all(unique.map((userId) => auth.getUser(userId).catch(() => null))); // expect: unbounded-concurrency
  return users.filter((user) => user !== null);
}

export async function auditPage(workspaceId: string, input: { limit?: number; page?: number }) {
  const pageSize = Math.max(1, Math.min(input.limit ?? DEFAULT_PAGE, MAX_PAGE));
  const offset = (Math.max(1, input.page ?? 1) - 1) * pageSize;
  const { getLogsQuery } = warehouse.auditLogs.logs(buildQueryArgs(workspaceId, pageSize, offset));
  const logs = await getLogsQuery();
  if (logs.err) throw logs.err;
  const users = await usersByActor(logs.val.filter((row) => row.actorType === 'user').map((row) => row.actorId));
  return { logs: logs.val, users };
}
