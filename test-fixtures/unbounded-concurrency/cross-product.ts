// A fan-out over the cross product of two lists: one request per (project, key) pair, all at once.
import axios from 'axios';

interface EnvKey {
  name: string;
  value: string;
}

const api = axios.create({ baseURL: 'https://deploy.example.com', timeout: 5_000 });

export async function publishKeys(projectIds: string[], keys: EnvKey[]) {
  const upsert = async (projectId: string, key: EnvKey) => {
    await api.post(`/projects/${projectId}/env`, key);
  };
  await Promise.all(projectIds.flatMap((projectId) => keys.map((key) => upsert(projectId, key)))); // expect: unbounded-concurrency
}
