import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const minPasswordLength = 12;
/** zxcvbn's 0–4; 3 is "safely unguessable" against an online attack and a slowed offline one. */
const minStrength = 3;

const strength = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/** What is wrong with a new password, as message keys (`passwordPolicy.*`) with their parameters. */
export interface PasswordProblem {
  key: string;
  params?: Record<string, unknown>;
}

const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/**
 * Staff password rules: long enough, not built on the person's own e-mail or name,
 * not a common or easily guessed password (zxcvbn, which also knows keyboard walks,
 * dates and repeats). Returns every problem so the person can fix them at once.
 */
export function passwordProblems(
  password: string,
  person: { email: string; name: string },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < minPasswordLength) {
    problems.push({ key: 'passwordPolicy.tooShort', params: { min: minPasswordLength } });
  }
  const folded = fold(password);
  const localPart = fold(person.email.split('@')[0] ?? '');
  if (localPart.length >= 3 && folded.includes(localPart)) {
    problems.push({ key: 'passwordPolicy.containsEmail' });
  }
  const name = fold(person.name);
  if (name.length >= 2 && folded.includes(name)) problems.push({ key: 'passwordPolicy.containsName' });
  if (problems.length === 0) {
    const { score } = strength.check(password, [person.email, localPart, person.name, 'qingling', '清零']);
    if (score < minStrength) problems.push({ key: 'passwordPolicy.tooGuessable' });
  }
  return problems;
}
