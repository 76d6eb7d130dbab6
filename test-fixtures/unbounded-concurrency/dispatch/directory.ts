// A user directory behind an interface: WorkOS in production, an in-memory one in tests and local development.
import { WorkOS } from '@workos-inc/node';

export interface Member {
  id: string;
  userId: string;
}

export interface Page<T> {
  data: T[];
  listMetadata: { after?: string };
}

export interface UserDirectory {
  listMembers(organizationId: string): Promise<Page<Member>>;
  listInvitations(organizationId: string): Promise<Page<{ id: string; state: string }>>;
  listUserSessions(query: { userId: string }): Promise<Page<{ id: string }>>;
  deactivate(membershipId: string): Promise<void>;
  revokeInvitation(invitationId: string): Promise<void>;
  revokeSession(sessionId: string): Promise<void>;
}

export class WorkOSDirectory implements UserDirectory {
  private readonly workos: WorkOS;

  constructor(apiKey: string) {
    this.workos = new WorkOS(apiKey);
  }

  async listMembers(organizationId: string) {
    return this.workos.userManagement.listOrganizationMemberships({ organizationId, limit: 100 });
  }

  async listInvitations(organizationId: string) {
    return this.workos.userManagement.listInvitations({ organizationId });
  }

  async listUserSessions(query: { userId: string }) {
    return this.workos.userManagement.listSessions(query.userId);
  }

  async deactivate(membershipId: string) {
    await this.workos.userManagement.deactivateOrganizationMembership(membershipId);
  }

  async revokeInvitation(invitationId: string) {
    await this.workos.userManagement.revokeInvitation(invitationId);
  }

  async revokeSession(sessionId: string) {
    await this.workos.userManagement.revokeSession({ sessionId });
  }
}

export class MemoryDirectory implements UserDirectory {
  private readonly members = new Map<string, Member[]>();

  async listMembers(organizationId: string) {
    return { data: this.members.get(organizationId) ?? [], listMetadata: {} };
  }

  async listInvitations() {
    return { data: [], listMetadata: {} };
  }

  async listUserSessions() {
    return { data: [], listMetadata: {} };
  }

  async deactivate(membershipId: string) {
    for (const [organizationId, members] of this.members) {
      this.members.set(organizationId, members.filter((member) => member.id !== membershipId));
    }
  }

  async revokeInvitation() {}

  async revokeSession() {}
}

/** Where audit entries go: the console, or nowhere. Neither sends a request. */
export interface AuditSink {
  listPending(): Promise<Page<{ id: string; message: string }>>;
  write(entry: { id: string; message: string }): Promise<void>;
}

export class ConsoleSink implements AuditSink {
  async listPending() {
    return { data: [], listMetadata: {} };
  }

  async write(entry: { id: string; message: string }) {
    console.log(entry.id, entry.message);
  }
}
