// clean: an Octokit built with @octokit/plugin-retry retries failed reads itself.
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import pLimit from 'p-limit';

const RetryingOctokit = Octokit.plugin(retry);
const octokit = new RetryingOctokit({ auth: process.env.GITHUB_TOKEN, request: { timeout: 10_000 } });
const limit = pLimit(4);

export async function repositories(orgs: string[]) {
  return Promise.all(orgs.map((org) => limit(() => octokit.rest.repos.listForOrg({ org, per_page: 100 }))));
}
