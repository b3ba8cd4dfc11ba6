import { EntitySchema } from '@mikro-orm/core';

/**
 * The receipt (回执) handed to the complainant: the case number and the secret
 * access code. Only hashes are kept: the access code as a slow hash, the
 * submission key (the browser's idempotency key) as SHA-256 so a retried
 * submission finds its case again.
 */
export class Receipt {
  caseNumber!: string;
  submissionKeyHash!: string;
  contentHash!: string;
  accessCodeHash!: string;
  issuedAt!: Date;
}

export const ReceiptSchema = new EntitySchema<Receipt>({
  class: Receipt,
  tableName: 'receipt',
  properties: {
    caseNumber: { type: 'string', length: 32, primary: true },
    submissionKeyHash: { type: 'string', length: 64, unique: true },
    contentHash: { type: 'string', length: 64 },
    accessCodeHash: { type: 'string', length: 255 },
    issuedAt: { type: 'datetime' },
  },
});
