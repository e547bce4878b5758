import type { Random } from './random';
import { mediaCatalogue } from './media/assets';
import { newParty, registerMedia } from './dataset';
import { renderEpisode, renderSingle, type Party } from './content/render';
import { followUps, scripts, shortCodeAlerts } from './content/scripts';
import { arrivalTime, insertText, type DemoState, type MediaObject, type NumberRecord, type TextRecord } from './state';
import type { DemoMediaSeed } from './types';

/**
 * New inbound texts after start-up: live mode, drift and "a text arrived elsewhere". Each
 * lands at the head of the number's list, as a real arrival would.
 */

export function insertInboundText(
  random: Random,
  state: DemoState,
  number: NumberRecord,
  remote: string,
  text: string | null,
  media: readonly DemoMediaSeed[],
  now: number,
): TextRecord {
  if (text === null && media.length === 0) throw new Error('An inbound text needs text or media');
  if (!number.conversationIds.has(remote)) number.conversationIds.set(remote, random.uuid());
  const id = random.uuid();
  const at = arrivalTime(number, now);
  const record: TextRecord = {
    id,
    direction: 'inbound',
    remote,
    text,
    media: media.map((seed, index) => mediaObject(random, state, id, index, seed)),
    isRead: false,
    deleted: false,
    createdAt: at,
    updatedAt: at,
    deliveryStatus: null,
  };
  insertText(number, record);
  return record;
}

function mediaObject(random: Random, state: DemoState, textId: string, index: number, seed: DemoMediaSeed): MediaObject {
  if ('kind' in seed) {
    if (!mediaCatalogue().has(seed.kind)) throw new Error(`Unknown media kind ${String(seed.kind)}`);
    return registerMedia(random, state, textId, index, seed.kind);
  }
  const extension = seed.contentType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'bin';
  const object: MediaObject = { key: `mms/${textId}/${index}.${extension}`, contentType: seed.contentType, bytes: seed.bytes };
  state.media.set(object.key, object);
  return object;
}

/** Mostly a known customer writing again, sometimes an alert, sometimes someone new. */
export function composeArrival(random: Random, state: DemoState, number: NumberRecord, now: number): TextRecord {
  const known = [...number.parties.values()];
  const customers = known.filter((party) => !party.shortCode);
  const alerts = known.filter((party) => party.shortCode);
  const roll = random.next();

  let party: Party;
  if (roll < 0.1 || customers.length === 0) {
    party = newParty(random);
    while (number.parties.has(party.remote)) party = newParty(random);
    number.parties.set(party.remote, party);
  } else if (roll < 0.16 && alerts.length > 0) {
    party = random.pick(alerts);
  } else {
    party = random.pick(customers);
  }

  const line = party.shortCode
    ? renderSingle(random, 'inbound', random.pick(shortCodeAlerts[party.remote] ?? ['Alert {code}']), party, number.business)
    : firstInboundLine(random, party, number.business);
  return insertInboundText(
    random,
    state,
    number,
    party.remote,
    line.text,
    line.media.map((kind) => ({ kind })),
    now,
  );
}

/** A follow-up, or the opening line of an episode the customer starts. */
function firstInboundLine(random: Random, party: Party, business: NumberRecord['business']) {
  if (random.chance(0.5)) return renderSingle(random, 'inbound', random.pick(followUps[party.locale]), party, business);
  const openers = scripts[party.locale].filter(
    (script) => (script.business === business || script.business === 'any') && script.lines[0]?.startsWith('<'),
  );
  if (openers.length === 0) return renderSingle(random, 'inbound', random.pick(followUps[party.locale]), party, business);
  const [first] = renderEpisode(random, [(random.pick(openers).lines[0] ?? '<Hi').replace('<?', '<')], party, business);
  return first ?? renderSingle(random, 'inbound', 'Hi', party, business);
}

/** Texts arriving and vanishing while a client pages: the reason offsets cannot be trusted. */
export function applyDrift(
  random: Random,
  state: DemoState,
  number: NumberRecord,
  drift: { insertPerRequest?: number; deletePerRequest?: number },
  now: number,
): void {
  for (let i = 0; i < (drift.insertPerRequest ?? 0); i++) composeArrival(random, state, number, now);
  for (let i = 0; i < (drift.deletePerRequest ?? 0); i++) {
    const candidates = number.texts.filter((text) => !text.deleted);
    if (candidates.length === 0) return;
    const victim = random.pick(candidates);
    victim.deleted = true;
    victim.updatedAt = Math.max(victim.updatedAt + 1, now);
  }
}
