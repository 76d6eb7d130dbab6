// agent-per-request/clientPerCall: the axios instance is created once, at module scope.
import axios from 'axios';

const client = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 });

export async function getUser(id: string) {
  const res = await client.get(`/users/${id}`);
  return res.data;
}
