import { join } from 'node:path';
import type { Handlers } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { getNumber } from '../../cache/numbers';
import { exportToFile } from '../../export';
import { ensurePrivateDir } from '../../privateFiles';
import type { HandlerDeps } from './deps';

/** Exporting texts to a file the user picks (or dataDir/exports without a dialog). */
export function exportHandlers(deps: HandlerDeps): Pick<Handlers, 'export:run'> {
  const { ctx } = deps;
  return {
    'export:run': async ({ numberId, format }) => {
      if (numberId !== undefined && !getNumber(ctx.db, numberId)) throw new AppError('NOT_FOUND', `There is no number ${numberId}.`);
      const name = `textdesk-export-${new Date().toISOString().slice(0, 10)}.${format}`;
      let target: string | null;
      if (ctx.options.chooseSavePath) target = await ctx.options.chooseSavePath(name);
      else {
        const dir = join(ctx.options.dataDir, 'exports');
        ensurePrivateDir(dir);
        target = join(dir, name);
      }
      if (!target) return { path: null, count: 0 };
      const count = exportToFile(ctx.db, ctx.store, { numberId, format }, target);
      return { path: target, count };
    },
  };
}
