import { writeFileAtomically } from '../../core/atomicFile';
import { EXIT, UsageError, writeAll, type CommandModule, type Context } from '../command';
import { optionalNumberId, withService } from '../service';

export const exportCommand: CommandModule = {
  help: '  export [--number ID] [--format json|csv] [--out FILE]',
  commands: {
    export: { options: { number: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, run: runExport },
  },
};

async function runExport(ctx: Context): Promise<number> {
  const format = ctx.flags.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv.');
  return withService(ctx, async (service) => {
    const numberId = await optionalNumberId(service, ctx);
    if (typeof ctx.flags.out !== 'string') {
      service.exportTo((chunk) => writeAll(1, chunk), { numberId, format });
      return EXIT.ok;
    }
    // Written beside the target and renamed over it at the end: a failure keeps the old file.
    const count = writeFileAtomically(ctx.flags.out, (write) => service.exportTo(write, { numberId, format }));
    ctx.err(`Exported ${count} texts to ${ctx.flags.out}.`);
    return EXIT.ok;
  });
}
