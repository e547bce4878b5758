import type { Random } from '../random';

/**
 * Phone numbers that look real: valid-looking US numbers (area codes in use, exchanges that do
 * not start with 0 or 1), UK, German and Japanese mobiles, and the short codes that send alerts.
 */

const usAreaCodes = [
  '212', '646', '718', '917', '310', '213', '415', '628', '512', '737', '617', '305', '786', '312',
  '773', '503', '206', '702', '404', '720', '602', '615', '919', '612', '480', '971', '347', '332',
] as const;

export function usNumber(random: Random): string {
  let exchange = random.digits(3, true);
  while (exchange[0] === '1' || exchange.endsWith('11')) exchange = random.digits(3, true);
  return `+1${random.pick(usAreaCodes)}${exchange}${random.digits(4)}`;
}

export type Country = 'us' | 'gb' | 'de' | 'jp';

export function mobileNumber(random: Random, country: Country): string {
  switch (country) {
    case 'us':
      return usNumber(random);
    case 'gb':
      return `+447${random.int(4, 9)}${random.digits(8)}`;
    case 'de':
      return `+49${random.pick(['151', '152', '160', '170', '171', '176'])}${random.digits(8)}`;
    case 'jp':
      return `+81${random.pick(['70', '80', '90'])}${random.digits(8)}`;
  }
}

/** Senders that text the business, are never answered, and each speak one kind of alert. */
export const shortCodes = ['76934', '22395', '32665', '89203', '47328'] as const;
export type ShortCode = (typeof shortCodes)[number];
