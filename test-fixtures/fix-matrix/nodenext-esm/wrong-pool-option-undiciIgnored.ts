// wrong-pool-option/undiciIgnored: undici's name for the bound.
import { Agent } from 'undici';

export const dispatcher = new Agent({ maxSockets: 8, keepAliveTimeout: 3_000 }); // expect: wrong-pool-option
