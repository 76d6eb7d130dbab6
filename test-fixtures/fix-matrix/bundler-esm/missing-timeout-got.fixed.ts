// missing-timeout/got: got gets a request timeout.
import got from 'got';

export async function getUser(id: string) {
  return got(`https://api.example.com/users/${id}`, { timeout: { request: 10_000 } }).json(); // expect: missing-timeout
}
