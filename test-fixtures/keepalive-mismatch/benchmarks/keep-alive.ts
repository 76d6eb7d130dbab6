// Clean: benchmark scripts talk to a local server for a few seconds; idle races do not matter there.
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
