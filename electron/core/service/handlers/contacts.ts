import { readFileSync, statSync } from 'node:fs';
import type { CountryCode } from 'libphonenumber-js';
import type { Handlers } from '../../../../shared/contract';
import { MAX_IMPORT_CHARS } from '../../../../shared/contacts';
import { AppError } from '../../../../shared/errors';
import { contactsForPhone, conversationIdsForPhone, listContacts, setLocalContact } from '../../cache/contacts';
import { getMedia } from '../../cache/media';
import { getMessageRef } from '../../cache/messages';
import { getNumber, listNumbers } from '../../cache/numbers';
import { importAddressBook } from '../../contacts/importBook';
import { cleanName } from '../../contacts/names';
import { countryOf, toE164 } from '../../contacts/phone';
import type { HandlerDeps } from './deps';

/** The address book: names given here, imported files and contact cards. */
export function contactHandlers(deps: HandlerDeps): Pick<Handlers, 'contacts:list' | 'contacts:set' | 'contacts:import' | 'contacts:importFromMedia'> {
  const { ctx, notify } = deps;

  /** The country numbers are read in when written without one: the receiving number's. */
  function defaultCountry(numberId?: number): CountryCode {
    const number = numberId === undefined ? listNumbers(ctx.db)[0] : getNumber(ctx.db, numberId);
    return countryOf(number?.phoneNumber) ?? 'US';
  }

  return {
    'contacts:list': async (input) => listContacts(ctx.db, { query: input?.query, limit: input?.limit ?? 200, offset: input?.offset ?? 0 }),
    'contacts:set': async ({ phone, name, numberId }) => {
      const e164 = toE164(phone, defaultCountry(numberId));
      if (e164 === null) throw new AppError('VALIDATION', `'${phone.slice(0, 40)}' is not a phone number.`);
      const clean = name === null ? null : cleanName(name);
      if (name !== null && clean === null) throw new AppError('VALIDATION', 'The name is empty; give a name, or remove it.');
      setLocalContact(ctx.db, e164, clean);
      notify.changed(conversationIdsForPhone(ctx.db, e164), [], false);
      return { phone: e164, name: contactsForPhone(ctx.db, e164).find((c) => c.name !== null)?.name ?? null };
    },
    'contacts:import': async ({ format, content, numberId }) => {
      const report = importAddressBook(ctx.db, { format, content, defaultCountry: defaultCountry(numberId) });
      if (report.imported > 0) notify.changed([], listNumbers(ctx.db).map((n) => n.id), false);
      return report;
    },
    'contacts:importFromMedia': async ({ mediaId }) => {
      const media = getMedia(ctx.db, mediaId);
      if (!media) throw new AppError('NOT_FOUND', `There is no attachment ${mediaId}.`);
      if (mediaKind(media.contentType) !== 'vcard' && !/\.vcf$/i.test(media.filename ?? '')) {
        throw new AppError('VALIDATION', 'That attachment is not a contact card (vCard).');
      }
      const path = media.hash ? ctx.store.path(media.hash) : null;
      if (!path) throw new AppError('NOT_FOUND', 'That contact card has not been downloaded yet; try again in a moment.');
      if (statSync(path).size > MAX_IMPORT_CHARS) throw new AppError('VALIDATION', 'That contact card is larger than 10 MB; it was not imported.');
      const numberId = getMessageRef(ctx.db, media.messageId)?.numberId;
      const report = importAddressBook(ctx.db, { format: 'vcf', content: readFileSync(path, 'utf8'), defaultCountry: defaultCountry(numberId) });
      if (report.imported > 0) notify.changed([], listNumbers(ctx.db).map((n) => n.id), false);
      return report;
    },
  };
}

function mediaKind(contentType: string): 'vcard' | 'other' {
  return /^text\/(x-)?vcard\b/i.test(contentType.trim()) ? 'vcard' : 'other';
}
