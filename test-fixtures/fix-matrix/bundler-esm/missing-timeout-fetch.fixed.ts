// missing-timeout/fetch: a signal, inline or on a line of its own in a multi-line object.
export async function getUser(id: string) {
  const res = await fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(10_000) }); // expect: missing-timeout
  return res.json();
}

export async function createUser(user: { name: string }) {
  const res = await fetch('https://api.example.com/users', { // expect: missing-timeout
    signal: AbortSignal.timeout(10_000),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  return res.json();
}
