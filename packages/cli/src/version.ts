import pkg from '../package.json' with { type: 'json' };

/** The version of `@aispm/cli`. */
export const VERSION: string = pkg.version;
