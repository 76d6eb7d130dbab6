import { Agent } from 'undici'; export const agent = new Agent(); // expect: default-pool
// A UTF-8 byte order mark before line 1: the CLI, the editor and ESLint all report column 54 (1-based), not 55.
