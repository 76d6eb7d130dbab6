// missing-timeout/undici: undici's request gets a signal.
import { request } from 'undici';

export async function getUser(id: string) {
  const { body } = await request(`https://api.example.com/users/${id}`); // expect: missing-timeout
  return body.json();
}
