import type { z } from 'zod';
import type { LedgerCase } from '../db/ledger';
import type { ledgerEntrySchema } from './schemas';

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/**
 * A ledger row as the console shows it. `overdue` is measured against `now`, the same
 * instant the query filtered with, so a row never shows red under a "not overdue" filter.
 */
export function toLedgerEntry(row: LedgerCase, now: Date): LedgerEntry {
  return {
    caseNumber: row.caseNumber,
    unit: { code: row.unit.code, name: row.unit.name },
    category: row.category,
    channel: row.channel,
    status: row.status,
    anonymous: row.anonymous,
    receivedAt: row.receivedAt.toISOString(),
    registeredAt: row.registeredAt.toISOString(),
    nextDueAt: row.nextDueAt?.toISOString() ?? null,
    nextDueClock: row.nextDueClock ?? null,
    deadlineProvisional: row.deadlineProvisional,
    overdue: row.nextDueAt ? row.nextDueAt.getTime() < now.getTime() : false,
    escalated: Boolean(row.escalatedToUnit),
    handlingDepartment: row.handlingDepartment
      ? { id: row.handlingDepartment.id, name: row.handlingDepartment.name }
      : null,
    backlog: row.backlogAt != null,
    backlogAt: row.backlogAt?.toISOString() ?? null,
    flags: { manyYears: row.flagManyYears, manyLevels: row.flagManyLevels, manyOffices: row.flagManyOffices },
    repeatCount: row.repeatCount,
    owner: row.ownerLeader ? { id: row.ownerLeader.id, name: row.ownerLeader.name } : null,
    nextMilestoneDate: row.nextMilestoneDate ?? null,
    planVersion: row.planVersion,
    joinedCaseNumber: row.joinedCaseNumber ?? null,
    kind: row.kind,
    urgent: row.urgent,
  };
}
