// The package's entry: `main` names dist/index.js, which is never built here; imports resolve to this file.
export * from './client';
export { userKey } from './keys';
