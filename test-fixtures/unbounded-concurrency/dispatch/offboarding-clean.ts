// Clean look-alikes of offboarding.ts: an interface no implementation of which sends, a size the code does not say,
// one user's own sessions, and a fan-out through a limiter.
import pLimit from 'p-limit';
import type { AuditSink, UserDirectory } from './directory';

export async function flushAudit(sink: AuditSink) {
  const entries = await sink.listPending();
  await Promise.all(entries.data.map((entry) => sink.write(entry)));
}

// Ids from the caller: no evidence of a large list, so no warning on a guess.
export async function deactivateSome(directory: UserDirectory, membershipIds: string[]) {
  await Promise.all(membershipIds.map((id) => directory.deactivate(id)));
}

// One user's sessions: the few devices they signed in on.
export async function signOutEverywhere(directory: UserDirectory, userId: string) {
  const sessions = await directory.listUserSessions({ userId });
  await Promise.all(sessions.data.map((session) => directory.revokeSession(session.id)));
}

export class BoundedOffboarding {
  private readonly limit = pLimit(4);

  constructor(private readonly directory: UserDirectory) {}

  async offboard(organizationId: string) {
    const members = await this.directory.listMembers(organizationId);
    await Promise.all(members.data.map((member) => this.limit(() => this.directory.deactivate(member.id))));
  }
}
