// Clean look-alikes of reviewers.ts: teams of a size the code does not say, one team at a time, a fixed pair of
// teams, and local calls in the fan-out.
import * as azure from './connection';

// Ids from the caller, or one page the project function does not say is large: no warning on a guess.
export async function chosenTeamMembers(projectId: string, teamIds: string[]) {
  const core = await azure.coreApi();
  return Promise.all(teamIds.map((teamId) => core.getTeamMembersWithExtendedProperties(projectId, teamId)));
}

export async function firstTeamMembers(projectId: string) {
  const core = await azure.coreApi();
  const teams = await azure.someTeams(projectId);
  return Promise.all(teams.map((team) => core.getTeamMembersWithExtendedProperties(projectId, team.id ?? '')));
}

export async function teamMembersInTurn(projectId: string, teamIds: string[]) {
  const core = await azure.coreApi();
  const members = [];
  for (const teamId of teamIds) members.push(await core.getTeamMembersWithExtendedProperties(projectId, teamId));
  return members;
}

export async function leads(projectId: string) {
  const core = await azure.coreApi();
  return Promise.all(['platform', 'security'].map((teamId) => core.getTeamMembersWithExtendedProperties(projectId, teamId)));
}

export async function labels(teams: Array<{ id?: string; name?: string }>) {
  return Promise.all(teams.map(async (team) => azure.describeTeam(team)));
}

export async function cachedMembers(teamIds: string[]) {
  const cache = azure.memberCache();
  return Promise.all(teamIds.map(async (teamId) => cache.get(teamId) ?? []));
}
