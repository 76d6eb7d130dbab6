// A callback of one expression that reads the body on one branch of `res.ok ? … : …` only: the other branch leaves it
// unread. Clean look-alikes: both branches read or hand the response on, or the other branch is a status with no body.
const timeout = () => AbortSignal.timeout(5_000);

export const profile = (url: string) => fetch(url, { signal: timeout() }).then((res) => (res.ok ? res.json() : null)); // expect: unconsumed-body

export const strict = (url: string) =>
  fetch(url, { signal: timeout() }).then((res) => (res.ok ? res.json() : Promise.reject(new Error(`${url}: ${res.status}`)))); // expect: unconsumed-body

export const both = (url: string) => fetch(url, { signal: timeout() }).then((res) => (res.ok ? res.json() : res.text()));

export const noContent = (url: string) => fetch(url, { signal: timeout() }).then((res) => (res.status === 204 ? undefined : res.json()));

export const handedOn = (url: string) => fetch(url, { signal: timeout() }).then((res) => (res.ok ? res : Promise.reject(res)));
