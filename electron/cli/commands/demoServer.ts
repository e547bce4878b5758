import { startDemoServer } from '../../demo/inkbox';
import { EXIT, intFlag, untilSignal, UsageError, type CommandModule, type Context } from '../command';

export const demoServerCommand: CommandModule = {
  help: '  demo-server [--port N] [--seed N] [--live SECONDS] [--size tiny|small|demo]',
  commands: {
    'demo-server': {
      options: { port: { type: 'string' }, seed: { type: 'string' }, live: { type: 'string' }, size: { type: 'string' } },
      run: runDemoServer,
    },
  },
};

async function runDemoServer(ctx: Context): Promise<number> {
  const size = ctx.flags.size ?? 'demo';
  if (size !== 'tiny' && size !== 'small' && size !== 'demo') throw new UsageError('--size must be tiny, small or demo.');
  const server = await startDemoServer({
    port: intFlag(ctx, 'port', 0, 0, 65_535),
    seed: intFlag(ctx, 'seed', 1, 0, 2 ** 31),
    liveIntervalSeconds: ctx.flags.live === undefined ? null : intFlag(ctx, 'live', 20, 1, 86_400),
    size,
  });
  const info = { baseUrl: server.baseUrl, apiKey: server.apiKey };
  if (ctx.json) ctx.out(JSON.stringify(info));
  else {
    ctx.out(`Demo Inkbox server on ${server.baseUrl}`);
    ctx.out(`  export INKBOX_BASE_URL=${server.baseUrl}`);
    ctx.out(`  export INKBOX_API_KEY=${server.apiKey}`);
    ctx.out('Press Ctrl+C to stop.');
  }
  await untilSignal();
  await server.close();
  return EXIT.ok;
}
