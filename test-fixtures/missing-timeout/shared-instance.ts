// An axios instance created in another file without a timeout: calls through it are flagged here.
import { plainApi } from './lib/plain-api';

export async function getReport(id: string) {
  return plainApi.get(`/reports/${id}`); // expect: missing-timeout
}
