// missing-timeout/axios: axios gets a timeout.
import axios from 'axios';

export async function getUser(id: string) {
  const res = await axios.get(`https://api.example.com/users/${id}`); // expect: missing-timeout
  return res.data;
}
