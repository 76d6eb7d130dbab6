/** The CLI's version: package.json's, embedded by the bundler so dist/cli.js works wherever it is copied. */
import manifest from '../../../package.json';

/** `version` from package.json. */
export const version: string = manifest.version;
