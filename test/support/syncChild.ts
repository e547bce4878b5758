/**
 * Run with tsx by the kill-and-resume test: adds the demo account named by the environment to
 * a cache in TEXTDESK_TEST_DATA_DIR and syncs it with the real service, until killed.
 */
import { startService, call } from './serviceHost';

const dataDir = process.env.TEXTDESK_TEST_DATA_DIR!;
const baseUrl = process.env.TEXTDESK_TEST_BASE_URL!;
const apiKey = process.env.TEXTDESK_TEST_API_KEY!;

const service = await startService(dataDir, apiKey);
await service.start();
await call(service, 'accounts:add', { provider: 'inkbox', credentials: { apiKey }, baseUrl, label: 'Demo' });
await service.syncNow('user');
await service.stop();
process.stdout.write('done\n');
