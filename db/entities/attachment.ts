import { EntitySchema } from '@mikro-orm/core';

/**
 * A file attached to a case (a field visit's photos and minutes). Kept in
 * PostgreSQL so every API process serves it and a backup holds it.
 */
export class Attachment {
  id!: string;
  sha256!: string;
  fileName!: string;
  /** Read from the content, not from the name. */
  mediaType!: string;
  size!: number;
  content!: Buffer;
  /** `staff:<id>` or `complainant`. */
  uploadedBy!: string;
  uploadedAt!: Date;
  /** Set when an event of the case refers to it. */
  caseNumber?: string | null;
}

export const AttachmentSchema = new EntitySchema<Attachment>({
  class: Attachment,
  tableName: 'attachment',
  properties: {
    id: { type: 'uuid', primary: true },
    sha256: { type: 'string', length: 64 },
    fileName: { type: 'string', length: 255 },
    mediaType: { type: 'string', length: 100 },
    size: { type: 'integer' },
    content: { type: 'blob', lazy: true },
    uploadedBy: { type: 'string', length: 64 },
    uploadedAt: { type: 'datetime' },
    caseNumber: { type: 'string', length: 32, nullable: true },
  },
});
