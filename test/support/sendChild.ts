/**
 * Run with tsx by the send kill test: sends one text from the cache in TEXTDESK_TEST_DATA_DIR
 * and then waits, until killed, while the fake holds the answer.
 */
import { startService, call } from './serviceHost';

const service = await startService(process.env.TEXTDESK_TEST_DATA_DIR!, process.env.TEXTDESK_TEST_SECRET!);
await service.start();
await call(service, 'message:send', {
  conversationId: Number(process.env.TEXTDESK_TEST_CONVERSATION),
  text: process.env.TEXTDESK_TEST_TEXT!,
});
process.stdout.write('answered\n');
setInterval(() => {}, 1_000);
