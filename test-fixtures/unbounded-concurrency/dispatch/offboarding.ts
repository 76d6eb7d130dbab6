// Offboarding through a directory the caller passes in (an interface): each member list is a remote page.
import type { UserDirectory } from './directory';

export class TeamOffboarding {
  constructor(private readonly directory: UserDirectory) {}

  async offboard(organizationId: string) {
    const members = await this.directory.listMembers(organizationId);
    await Promise.all(members.data.map((member) => this.directory.deactivate(member.id))); // expect: unbounded-concurrency
  }
}

export async function closeOrganization(directory: UserDirectory, organizationId: string) {
  const [members, invitations] = await Promise.all([
    directory.listMembers(organizationId).catch(() => null),
    directory.listInvitations(organizationId).catch(() => null),
  ]);
  const [, ...others] = [...(members?.data ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  const pending = (invitations?.data ?? []).filter((invitation) => invitation.state === 'pending');
  await Promise.all([ // expect: unbounded-concurrency
    ...others.map((member) => directory.deactivate(member.id)),
    ...pending.map((invitation) => directory.revokeInvitation(invitation.id)),
  ]);
}
