// SDK clients that open connections of their own (AWS SDK v3's keep-alive agent, a Google Cloud gRPC channel and
// token), built inside per-call functions: flagged when nothing per call goes into them, quiet when they are shared,
// returned, or built from a tenant's own credentials.
import { CloudTasksClient } from '@google-cloud/tasks';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

interface Monitor {
  id: string;
  regions: string[];
}

const region = process.env.AWS_REGION ?? 'eu-west-1';

export async function scheduleChecks(monitors: Monitor[]) {
  const client = new CloudTasksClient({ projectId: process.env.GCP_PROJECT_ID }); // expect: agent-per-request
  const parent = client.queuePath('project', 'europe-west1', 'checks');
  const tasks = monitors.flatMap((monitor) => monitor.regions.map((where) => createCheckTask({ client, parent, monitor, where })));
  return Promise.allSettled(tasks);
}

async function createCheckTask({ client, parent, monitor, where }: { client: CloudTasksClient; parent: string; monitor: Monitor; where: string }) {
  return client.createTask({ parent, task: { httpRequest: { url: `https://checker.example.com/${monitor.id}/${where}`, httpMethod: 'POST' } } });
}

export async function readReport(key: string) {
  const s3 = new S3Client({ region }); // expect: agent-per-request
  const object = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: key }));
  return object.Body?.transformToString();
}

const sharedS3 = new S3Client({ region });

export async function readShared(key: string) {
  const object = await sharedS3.send(new GetObjectCommand({ Bucket: 'reports', Key: key }));
  return object.Body?.transformToString();
}

export async function readTenantReport(tenant: { region: string; accessKeyId: string; secretAccessKey: string }, key: string) {
  const s3 = new S3Client({ region: tenant.region, credentials: { accessKeyId: tenant.accessKeyId, secretAccessKey: tenant.secretAccessKey } });
  const object = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: key }));
  return object.Body?.transformToString();
}

export function makeTasksClient() {
  const client = new CloudTasksClient({ projectId: process.env.GCP_PROJECT_ID });
  return client;
}

export function queueName() {
  const client = new CloudTasksClient();
  return client.queuePath('project', 'europe-west1', 'checks');
}
