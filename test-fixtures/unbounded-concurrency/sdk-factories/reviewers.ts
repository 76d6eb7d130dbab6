// Reviewers from every team of a project: one Azure DevOps request per team through a client a project function builds.
import * as azure from './connection';

export async function teamMembers(projectId: string) {
  const core = await azure.coreApi();
  const teams = await azure.allTeams(projectId);
  return Promise.all(teams.map((team) => core.getTeamMembersWithExtendedProperties(projectId, team.id ?? ''))); // expect: unbounded-concurrency
}
