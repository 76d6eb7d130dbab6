// clean for missing-retry: the `octokit` package's client comes with plugin-retry applied (the fan-out is still unbounded).
import { Octokit } from 'octokit';

const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN, request: { timeout: 10_000 } });

export async function repositories(orgs: string[]) {
  return Promise.all(orgs.map((org) => octokit.rest.repos.listForOrg({ org, per_page: 100 }))); // expect: unbounded-concurrency
}
