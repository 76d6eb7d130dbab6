// A project class whose method sends a request through an axios instance created in another file.
import { api } from './http';

export class UserClient {
  async get(id: string) {
    const { data } = await api.get(`/users/${id}`);
    return data;
  }
}
