import type { IncomingMessage } from 'node:http';
import type { SendFaults } from '../../demo/inkbox/types';

export type { SendFaults } from '../../demo/inkbox/types';

/**
 * What every fake shares about sending: the rolling per-number limit, and what happens to the
 * answer once the text is stored (late, or never: the connection dropped). Refusals and
 * validation are each fake's own, in its provider's words.
 */
export interface SendLimiter {
  /** null when the send may go (and is counted); else how long until the window frees a slot. */
  take(number: string, now: number, faults: SendFaults): number | null;
}

export function createSendLimiter(): SendLimiter {
  const sent = new Map<string, number[]>();
  return {
    take(number, now, faults) {
      if (!faults.limit) return null;
      const recent = (sent.get(number) ?? []).filter((at) => at > now - faults.limit!.windowMs);
      sent.set(number, recent);
      if (recent.length >= faults.limit.count) return recent[0]! + faults.limit.windowMs - now;
      recent.push(now);
      return null;
    },
  };
}

/**
 * After a send was stored: waits answerDelayMs (a request in flight a test can kill), or
 * drops the connection without answering (the lost answer). Returns whether to answer.
 */
export async function holdAnswer(request: IncomingMessage, faults: SendFaults): Promise<boolean> {
  if (faults.answerDelayMs) await new Promise((resolve) => setTimeout(resolve, faults.answerDelayMs).unref());
  if (faults.dropAnswer || request.socket.destroyed) {
    request.socket.destroy();
    return false;
  }
  return true;
}

/** queued -> sent after one step, then delivered (or failed) after another. */
export function deliveryStage(sentAtMs: number, now: number, faults: { deliveryStepMs?: number }, fails: boolean): 'queued' | 'sent' | 'delivered' | 'failed' {
  const step = faults.deliveryStepMs ?? 1_500;
  if (now < sentAtMs + step) return 'queued';
  if (now < sentAtMs + 2 * step) return 'sent';
  return fails ? 'failed' : 'delivered';
}

export const E164 = /^\+[1-9]\d{6,14}$/;
