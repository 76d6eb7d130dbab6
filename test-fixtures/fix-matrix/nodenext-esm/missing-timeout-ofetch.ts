// missing-timeout/ofetch: ofetch gets a timeout.
import { ofetch } from 'ofetch';

export async function getUser(id: string) {
  return ofetch(`https://api.example.com/users/${id}`); // expect: missing-timeout
}
