import { EntitySchema } from '@mikro-orm/core';

/** Something the administrators must do, raised once per (kind, key): e.g. load next year's holiday calendar. */
export class AdminAlert {
  id!: number;
  kind!: string;
  key!: string;
  details!: Record<string, unknown>;
  raisedAt!: Date;
  resolvedAt?: Date | null;
}

export const AdminAlertSchema = new EntitySchema<AdminAlert>({
  class: AdminAlert,
  tableName: 'admin_alert',
  uniques: [{ properties: ['kind', 'key'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    kind: { type: 'string', length: 48 },
    key: { type: 'string', length: 64 },
    details: { type: 'json' },
    raisedAt: { type: 'datetime' },
    resolvedAt: { type: 'datetime', nullable: true },
  },
});
