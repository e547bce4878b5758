import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { channelNames, eventNames, type Envelope, type Handlers } from '../../shared/contract';
import { dispatch } from '../core/dispatch';
import type { Logger } from '../core/hostInterfaces';
import type { TextdeskService } from '../core/serviceTypes';
import { isAppUrl } from './appOrigin';

/**
 * The only file that imports ipcMain. Every contract channel is registered here, behind a check
 * that the caller is the app's own page in its main frame; dispatch() then parses the input
 * with the contract and answers an envelope. Nothing else is reachable from the renderer.
 */

export interface IpcOptions {
  handlers: Handlers;
  /** The page the app loads; callers from any other origin are refused. */
  pageUrl: string;
  /** The app window's contents, when one exists: calls from any other contents are refused. */
  appContents: () => WebContents | null;
  logger: Logger;
}

const refused: Envelope<never> = {
  ok: false,
  error: { code: 'VALIDATION', message: 'This page may not use the Textdesk API.' },
};

export function isTrustedSender(event: IpcMainInvokeEvent, options: Pick<IpcOptions, 'pageUrl' | 'appContents'>): boolean {
  const frame = event.senderFrame;
  // A null frame has navigated away or been destroyed since it sent the message.
  if (!frame || frame.parent !== null) return false;
  const contents = options.appContents();
  if (!contents || event.sender !== contents) return false;
  return isAppUrl(frame.url, options.pageUrl);
}

export function registerIpc(options: IpcOptions): () => void {
  const logError = (channel: string, error: unknown) =>
    options.logger.error('a call failed', { channel, error: error instanceof Error ? error : String(error) });
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event, options)) {
        options.logger.warn('refused a call from a frame that is not the app', { channel, url: event.senderFrame?.url ?? null });
        return refused;
      }
      return dispatch(options.handlers, channel, input, logError);
    });
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(channel);
  };
}

/** Pushes the service's contract events to the app window, under their contract names. */
export function forwardEvents(service: Pick<TextdeskService, 'on'>, appContents: () => WebContents | null): () => void {
  const unsubscribes = eventNames.map((name) =>
    service.on(name, (payload) => {
      const contents = appContents();
      if (contents && !contents.isDestroyed()) contents.send(name, payload);
    }),
  );
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
