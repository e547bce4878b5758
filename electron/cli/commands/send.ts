import { EXIT, requireFlag, UsageError, type CommandModule, type Context } from '../command';
import { formatParty, formatTime } from '../format';
import { ensureEnvAccounts, findConversation, findNumber, withService } from '../service';

export const sendCommand: CommandModule = {
  help: `  send --number ID (--to NUMBER | --remote R) --text TEXT
                                          send a text (a new conversation with --to); exits 0 sent or queued
                                          (why queued on stderr), 2 refused for good, 3 credentials refused`,
  commands: {
    send: {
      options: { number: { type: 'string' }, to: { type: 'string' }, remote: { type: 'string' }, text: { type: 'string' } },
      run: runSend,
    },
  },
};

/** How long `send` waits for the server before it reports the text as queued. */
const SEND_WAIT_MS = 20_000;

async function runSend(ctx: Context): Promise<number> {
  const text = ctx.flags.text;
  if (typeof text !== 'string' || text.trim() === '') throw new UsageError('--text is required.');
  const hasTo = typeof ctx.flags.to === 'string';
  if (hasTo === (typeof ctx.flags.remote === 'string')) throw new UsageError('Give exactly one of --to (a new conversation) and --remote.');
  return withService(ctx, async (service) => {
    await ensureEnvAccounts(service);
    const number = await findNumber(service, requireFlag(ctx, 'number'));
    const input = hasTo
      ? { numberId: number.id, to: requireFlag(ctx, 'to'), text }
      : { conversationId: (await findConversation(service, ctx)).id, text };
    const { message, errorCode } = await service.sendMessage(input, SEND_WAIT_MS);
    const send = message.send ?? null;
    const state = send === null ? 'sent' : send.state === 'failed' || send.state === 'refused' ? 'failed' : 'queued';
    const reason = send?.reason ?? null;
    if (ctx.json) ctx.out(JSON.stringify({ id: message.id, state, reason }));
    else if (state === 'sent') ctx.out(`Sent to ${formatParty(message.remote)} (text ${message.id}).`);
    else ctx.out(`${state === 'failed' ? 'Not sent' : 'Queued'}: text ${message.id} to ${formatParty(message.remote)}.`);
    if (state !== 'sent') {
      const when = send?.nextAttemptAt ? ` Next try ${formatTime(send.nextAttemptAt)}.` : '';
      ctx.err(`${state === 'failed' ? 'refused' : 'queued'}: ${reason ?? 'waiting for the server.'}${state === 'queued' ? when : ''}`);
    }
    if (errorCode === 'AUTH' && state === 'queued') return EXIT.auth;
    if (state === 'failed') return EXIT.usage;
    return EXIT.ok;
  });
}
