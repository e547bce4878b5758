import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { AppError } from '../../../shared/errors';
import type { ProviderKind } from '../../../shared/model';
import { providerInfo } from '../../../shared/providers';
import type { RemoteNumber } from './types';

/**
 * Why a number cannot send, in one sentence for the composer, or null when it can. Facts from
 * the providers: Inkbox sends only from local numbers (toll-free ones receive only) and not
 * while the number's sms_status is pending.
 */
export function sendBlockedReason(provider: ProviderKind, number: RemoteNumber): string | null {
  const { name, capabilities } = providerInfo[provider];
  if (!capabilities.send) return `${name} cannot send texts.`;
  if (provider === 'inkbox') {
    if (number.type === 'toll_free') return 'Toll-free numbers on Inkbox can only receive texts.';
    if (number.smsStatus === 'pending') return 'This number is still registering for SMS.';
  }
  return null;
}

/**
 * A recipient as the user typed it ("(415) 555-0134", "+44 20 7946 0958", "4155550134"), as
 * E.164. A number without a country code is read in the sending number's country.
 */
export function normalizeRecipient(typed: string, sendingNumber: string): string {
  const country: CountryCode = parsePhoneNumberFromString(sendingNumber)?.country ?? 'US';
  const parsed = parsePhoneNumberFromString(typed.trim(), { defaultCountry: country });
  if (!parsed || !parsed.isValid()) {
    throw new AppError('VALIDATION', `"${typed.trim()}" is not a phone number Textdesk can send to; type it with its area code.`);
  }
  return parsed.number;
}
