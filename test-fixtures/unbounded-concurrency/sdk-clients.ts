// Fan-outs of requests sent through network SDK clients (analysis/sdk-clients.ts).
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Octokit } from '@octokit/rest';
import { WorkOS } from '@workos-inc/node';

const s3 = new S3Client({ requestHandler: { requestTimeout: 5_000 } });
const octokit = new Octokit();
const workos = new WorkOS(process.env.WORKOS_API_KEY);

export async function download(keys: string[]) {
  return Promise.all(keys.map((key) => s3.send(new GetObjectCommand({ Bucket: 'assets', Key: key })))); // expect: unbounded-concurrency
}

export async function repositories(names: string[]) {
  return Promise.all(names.map((repo) => octokit.rest.repos.get({ owner: 'acme', repo }))); // expect: unbounded-concurrency, missing-retry
}

export async function organizationUsers(organizationId: string) {
  const memberships = await workos.userManagement.listOrganizationMemberships({ organizationId, limit: 100 });
  return Promise.all(memberships.data.map((membership) => workos.userManagement.getUser(membership.userId))); // expect: unbounded-concurrency
}

// clean: a literal pair of objects, and a one-at-a-time loop.
export async function pair() {
  return Promise.all(['a.json', 'b.json'].map((key) => s3.send(new GetObjectCommand({ Bucket: 'assets', Key: key }))));
}

export async function sequential(names: string[]) {
  const found = [];
  for (const repo of names) found.push(await octokit.rest.repos.get({ owner: 'acme', repo }));
  return found;
}

// clean: one user's own factors (a handful, whatever the page size), and URLs the SDK builds without a request.
export async function dropUnverifiedFactors(userId: string) {
  const factors = await workos.mfa.listUserAuthFactors({ userId, limit: 100 });
  await Promise.all(factors.data.filter((factor) => !factor.totp).map((factor) => workos.mfa.deleteFactor(factor.id)));
}

export async function signInLinks(organizationIds: string[]) {
  return Promise.all(organizationIds.map(async (organizationId) => workos.userManagement.getAuthorizationUrl({ organizationId, clientId: 'client_1', redirectUri: 'https://app.example.com/callback' })));
}
