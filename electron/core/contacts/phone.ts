import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phone numbers as contacts are keyed: E.164. "(415) 555-0100", "+1 415-555-0100" and
 * "1-415-555-0100" are one number when the receiving number is American; a number written
 * without a country code takes the receiving number's country.
 */

/** The country of an E.164 number (the receiving number's, for numbers typed without one). */
export function countryOf(e164: string | null | undefined): CountryCode | undefined {
  if (!e164) return undefined;
  return parsePhoneNumberFromString(e164)?.country;
}

/**
 * E.164 for anything that reads as a phone number, else null. Short codes and group keys are
 * not phone numbers and have no contact. Heymarket writes E.164 digits without the plus
 * (14155550100): eleven or more digits that parse with a plus are taken as that.
 */
export function toE164(raw: string, defaultCountry: CountryCode = 'US'): string | null {
  const value = raw.trim();
  if (value === '' || value.length > 40 || !/^[+\d\s().\-/]+$/.test(value)) return null;
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  const phone = parsePhoneNumberFromString(value, defaultCountry);
  if (phone?.isPossible()) return phone.number;
  if (!value.startsWith('+') && digits.length >= 11) {
    const international = parsePhoneNumberFromString(`+${digits}`);
    if (international?.isPossible()) return international.number;
  }
  return null;
}
