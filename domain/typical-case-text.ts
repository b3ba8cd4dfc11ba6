import { maskEmail } from './mail-address';
import { maskPhone } from './phone';

/**
 * What must not be in a typical case (典型案例) before it goes out for review: anything
 * that points back at the source case or its complainant. The office compares the text
 * with the case's own details, and also refuses anything shaped like a mobile number,
 * an ID number or a case number, since the public cannot be un-told.
 */
export const identifyingKinds = ['name', 'phone', 'email', 'idNumber', 'caseNumber', 'accessCode'] as const;
export type IdentifyingKind = (typeof identifyingKinds)[number];

/** What was found, masked so the refusal itself repeats nothing. */
export interface IdentifyingDetail {
  kind: IdentifyingKind;
  shown: string;
}

/** The source case's details the text is compared with (plaintext, decrypted by the caller). */
export interface SourceDetails {
  caseNumber: string;
  /** The complainant's and, for a report, the accused person's names. */
  names: (string | null | undefined)[];
  phone: string | null | undefined;
  email: string | null | undefined;
  idNumber: string | null | undefined;
}

/** Spaces, dashes and full-width forms do not hide a number or a name. */
const folded = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\s\-‐-―.·・]/gu, '')
    .toLowerCase();
const digitsOf = (text: string) => text.replace(/\D/g, '');

const maskName = (name: string) => `${[...name][0] ?? ''}${'*'.repeat(Math.max(1, [...name].length - 1))}`;
const maskId = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`;

const mobilePattern = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const idNumberPattern = /(?<!\d)\d{17}[\dx](?![\dx])/gi;
const caseNumberPattern = /ql\d{4}\d{6,}/gi;

/**
 * The identifying details in `text`. Access codes are not stored (only their hash), so the
 * caller checks the 20-digit runs `accessCodeCandidates` gives against the receipt.
 */
export function identifyingDetails(text: string, source: SourceDetails): IdentifyingDetail[] {
  const plain = folded(text);
  const found: IdentifyingDetail[] = [];
  const add = (kind: IdentifyingKind, shown: string) => {
    if (!found.some((f) => f.kind === kind && f.shown === shown)) found.push({ kind, shown });
  };
  for (const name of source.names) {
    // One character is a surname shared by millions: only a full name points at someone.
    if (name && [...folded(name)].length >= 2 && plain.includes(folded(name))) add('name', maskName(name));
  }
  const phone = digitsOf(source.phone ?? '');
  if (phone.length >= 7 && plain.includes(phone.slice(-11))) add('phone', maskPhone(phone));
  for (const mobile of plain.match(mobilePattern) ?? []) add('phone', maskPhone(mobile));
  if (source.email && plain.includes(folded(source.email))) add('email', maskEmail(source.email));
  const id = folded(source.idNumber ?? '');
  if (id.length >= 15 && plain.includes(id)) add('idNumber', maskId(id.toUpperCase()));
  for (const other of plain.match(idNumberPattern) ?? []) add('idNumber', maskId(other.toUpperCase()));
  if (plain.includes(folded(source.caseNumber))) add('caseNumber', source.caseNumber);
  for (const other of plain.match(caseNumberPattern) ?? [])
    add('caseNumber', `QL${other.slice(2, 6)}-${other.slice(6)}`);
  return found;
}

const maxAccessCodeCandidates = 20;

/** Every run of 20 digits in the text, spaces and dashes between them ignored: what an access code looks like. */
export function accessCodeCandidates(text: string): string[] {
  const runs = folded(text).match(/\d{20,}/g) ?? [];
  const candidates = new Set<string>();
  for (const run of runs) for (let i = 0; i + 20 <= run.length; i++) candidates.add(run.slice(i, i + 20));
  // Each is checked against a slow hash: a wall of digits is refused by its first few.
  return [...candidates].slice(0, maxAccessCodeCandidates);
}
