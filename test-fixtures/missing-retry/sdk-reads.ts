// Reads through SDK clients in fan-outs: Octokit retries nothing unless @octokit/plugin-retry is applied.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Octokit } from '@octokit/rest';
import pLimit from 'p-limit';

const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN, request: { timeout: 10_000 } });
const s3 = new S3Client({ requestHandler: { requestTimeout: 5_000 } });
const limit = pLimit(4);

export async function repositories(orgs: string[]) {
  return Promise.all(orgs.map((org) => limit(() => octokit.rest.repos.listForOrg({ org, per_page: 100 })))); // expect: missing-retry
}

// clean: the S3 client retries failed reads itself (standard retry mode, three attempts).
export async function objects(keys: string[]) {
  return Promise.all(keys.map((Key) => limit(() => s3.send(new GetObjectCommand({ Bucket: 'assets', Key })))));
}

// clean: a write is not retried blindly, so no retry is advised.
export async function openIssues(titles: string[]) {
  return Promise.all(titles.map((title) => limit(() => octokit.rest.issues.create({ owner: 'acme', repo: 'site', title }))));
}

// clean: one at a time in a loop; SDK reads are reported in fan-outs only, where one rejection fails the batch.
export async function sequentialRepositories(orgs: string[]) {
  const found = [];
  for (const org of orgs) found.push(await octokit.rest.repos.listForOrg({ org, per_page: 100 }));
  return found;
}
