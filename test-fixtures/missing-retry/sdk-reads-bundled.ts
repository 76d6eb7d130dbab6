// clean for missing-retry: the `octokit` package's client comes with plugin-retry applied (and plugin-throttling, so the
// fan-out waits for its limiter: 10 requests at a time).
import { Octokit } from 'octokit';

const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN, request: { timeout: 10_000 } });

export async function repositories(orgs: string[]) {
  return Promise.all(orgs.map((org) => octokit.rest.repos.listForOrg({ org, per_page: 100 })));
}
