export { openDatabase, migrate, latestVersion, type Database } from './open';
