// agent-per-request/clientPerCall: the axios instance is created once, at module scope.
import axios from 'axios';

export async function getUser(id: string) {
  const client = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 }); // expect: agent-per-request
  const res = await client.get(`/users/${id}`);
  return res.data;
}
