// missing-timeout/got: got gets a request timeout.
import got from 'got';

export async function getUser(id: string) {
  return got(`https://api.example.com/users/${id}`).json(); // expect: missing-timeout
}
