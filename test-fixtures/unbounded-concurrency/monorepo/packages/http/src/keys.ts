export function userKey(id: string): string {
  return `user:${id}`;
}
