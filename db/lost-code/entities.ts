import { EntitySchema, type Opt } from '@mikro-orm/core';

/**
 * A request for a new access code (找回查询码): the case number and the blind index of
 * the phone the person typed, whether it is the one on record, and the one-time code's
 * keyed hash. The code itself is never stored: the worker derives it from the request's
 * id to send it (api/lost-code/one-time-code.ts). Rows stay as the re-issue log and for
 * the per-case and per-phone limits.
 */
export class LostCodeRequest {
  id!: string;
  caseNumber!: string;
  /** Blind index of the phone typed (db/identity-encryption.ts), never the number. */
  phoneMatch!: string;
  /** The typed phone is the one on record of a named complainant: only then is a code sent. */
  phoneOnRecord!: boolean;
  /** The listed encryption key the code was derived under. */
  keyId!: string;
  codeHash!: string;
  /** Wrong one-time codes so far; at the limit the request is locked. */
  attempts!: number & Opt;
  requestedAt!: Date;
  expiresAt!: Date;
  /** When the new access code was issued; a request is used once. */
  reissuedAt?: Date | null;
}

export const LostCodeRequestSchema = new EntitySchema<LostCodeRequest>({
  class: LostCodeRequest,
  tableName: 'lost_code_request',
  indexes: [{ properties: ['caseNumber', 'requestedAt'] }, { properties: ['phoneMatch', 'requestedAt'] }],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    caseNumber: { type: 'string', length: 32 },
    phoneMatch: { type: 'text' },
    phoneOnRecord: { type: 'boolean' },
    keyId: { type: 'string', length: 16 },
    codeHash: { type: 'string', length: 64 },
    attempts: { type: 'integer', default: 0 },
    requestedAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    reissuedAt: { type: 'datetime', nullable: true },
  },
});
