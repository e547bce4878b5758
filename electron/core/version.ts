import packageJson from '../../package.json' with { type: 'json' };

/** The version users see (app:info, the CLI), from package.json so it is written once. */
export const appVersion: string = packageJson.version;
