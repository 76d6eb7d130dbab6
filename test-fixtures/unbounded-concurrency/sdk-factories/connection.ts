// One Azure DevOps connection per call, built from the host rules; callers ask for the area client they need.
import * as devops from 'azure-devops-node-api';
import type { ICoreApi } from 'azure-devops-node-api/CoreApi';

const endpoint = process.env.AZURE_DEVOPS_URL ?? 'https://dev.azure.com/acme';

function connection(): devops.WebApi {
  const handler = devops.getPersonalAccessTokenHandler(process.env.AZURE_DEVOPS_TOKEN ?? '');
  return new devops.WebApi(endpoint, handler, { socketTimeout: 10_000 });
}

export function coreApi(): Promise<ICoreApi> {
  return connection().getCoreApi();
}

/** Every team of a project, a page of 100 at a time. */
export async function allTeams(projectId: string) {
  const core = await coreApi();
  const teams: Array<{ id?: string; name?: string }> = [];
  const top = 100;
  let skip = 0;
  let received = 0;
  do {
    const page = await core.getTeams(projectId, undefined, top, skip);
    received = page.length;
    teams.push(...page);
    skip += top;
  } while (received === top);
  return teams;
}

/** The teams of a project the caller chose, one page. */
export async function someTeams(projectId: string) {
  const core = await coreApi();
  return core.getTeams(projectId, undefined, 20, 0);
}

/** A local summary of a team, no request. */
export function describeTeam(team: { id?: string; name?: string }) {
  return `${team.name ?? 'team'} (${team.id ?? '?'})`;
}

/** Members already looked up, by team: a local cache, not a client. */
export function memberCache() {
  return new Map<string, string[]>();
}
