// missing-timeout/axios: axios gets a timeout.
import axios from 'axios';

export async function getUser(id: string) {
  const res = await axios.get(`https://api.example.com/users/${id}`, { timeout: 10_000 }); // expect: missing-timeout
  return res.data;
}
