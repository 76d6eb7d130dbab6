// wrong-pool-option/undiciRejected: the option undici rejects goes (it keeps connections alive by default).
import { Agent } from 'undici';

export const dispatcher = new Agent({ connections: 8, keepAlive: true }); // expect: wrong-pool-option
