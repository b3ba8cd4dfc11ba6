import { ApplicationFailure } from '@temporalio/activity';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { CaseStart } from '../domain/case';
import { CaseEvent, PetitionCase, Unit } from '../db/entities';

export interface RegisterCase extends CaseStart {
  /** The timeline sequence number the workflow gave this event. */
  seq: number;
  registeredAt: string;
}

/**
 * Ledger writes (台账). Each is idempotent, keyed by case number and event sequence:
 * a retry after a crash or a timeout writes nothing twice.
 */
export function createLedgerActivities(orm: MikroORM) {
  return {
    async registerCase(input: RegisterCase): Promise<void> {
      const em = orm.em.fork();
      await em.transactional(async (tx) => {
        const unit = await tx.findOne(Unit, { code: input.petition.unitCode });
        if (!unit) {
          // The API checks the unit before starting the case; retrying cannot make it exist.
          throw ApplicationFailure.nonRetryable(
            `No unit with code ${input.petition.unitCode}`,
            'UnknownUnit',
          );
        }
        const { petition } = input;
        const registeredAt = new Date(input.registeredAt);
        await tx
          .createQueryBuilder(PetitionCase)
          .insert({
            caseNumber: input.caseNumber,
            unit: unit.id,
            channel: petition.channel,
            category: petition.category,
            place: petition.place,
            summary: petition.summary,
            request: petition.request,
            anonymous: petition.anonymous,
            complainantName: petition.complainant?.name ?? null,
            complainantPhone: petition.complainant?.phone ?? null,
            complainantEmail: petition.complainant?.email ?? null,
            status: 'registered',
            policyVersion: input.policyVersion,
            receivedAt: new Date(input.receivedAt),
            registeredAt,
            lastEventSeq: input.seq,
            updatedAt: registeredAt,
          })
          .onConflict('case_number')
          .ignore()
          .execute();
        await tx
          .createQueryBuilder(CaseEvent)
          .insert({
            caseNumber: input.caseNumber,
            seq: input.seq,
            type: 'registered',
            occurredAt: registeredAt,
            actor: 'system',
            data: { channel: petition.channel, unitCode: petition.unitCode },
            policyVersion: input.policyVersion,
          })
          .onConflict(['case_number', 'seq'])
          .ignore()
          .execute();
      });
    },
  };
}

export type LedgerActivities = ReturnType<typeof createLedgerActivities>;
