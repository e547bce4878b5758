import { createHash } from 'node:crypto';

/**
 * Who the fakes' parties are, where their address books name them: about two in three phones,
 * chosen by a hash of the phone (never by the fakes' seeded random streams, so adding names
 * left every seeded text as it was). One in six named people has opted out of texts.
 */

const first = ['Jane', 'Mike', 'Priya', 'Tomás', 'Aisha', 'Chen', 'Olivia', 'Noah', 'Zoë', 'Liam', 'Fatima', 'Kenji'];
const last = ['Doe', 'Ross', 'Patel', 'García', 'Okafor', 'Wang', 'Brooks', 'Kim', 'Müller', "O'Neill", 'Silva', 'Tanaka'];

export interface FakePerson {
  first: string;
  last: string;
  optedOut: boolean;
}

export function personFor(phone: string): FakePerson | null {
  const hash = createHash('sha256').update(`person:${phone.replace(/\D/g, '')}`).digest();
  if (hash[0]! % 3 === 0) return null;
  return { first: first[hash[1]! % first.length]!, last: last[hash[2]! % last.length]!, optedOut: hash[3]! % 6 === 0 };
}
