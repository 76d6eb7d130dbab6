// Fan-outs of requests sent through network SDK clients (analysis/sdk-clients.ts).
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Octokit } from '@octokit/rest';

const s3 = new S3Client({ requestHandler: { requestTimeout: 5_000 } });
const octokit = new Octokit();

export async function download(keys: string[]) {
  return Promise.all(keys.map((key) => s3.send(new GetObjectCommand({ Bucket: 'assets', Key: key })))); // expect: unbounded-concurrency
}

export async function repositories(names: string[]) {
  return Promise.all(names.map((repo) => octokit.rest.repos.get({ owner: 'acme', repo }))); // expect: unbounded-concurrency
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
