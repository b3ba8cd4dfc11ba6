import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { CaseStatus } from '../domain/case';
import type { Category, Channel } from '../domain/petition';
import { CaseEvent, PetitionCase, Receipt, Unit } from './entities';

export interface LedgerFilter {
  page: number;
  pageSize: number;
  status?: CaseStatus | undefined;
  unitCode?: string | undefined;
  category?: Category | undefined;
  channel?: Channel | undefined;
  caseNumber?: string | undefined;
}

/** Reads of the office ledger (台账). Writes belong to the workflow's activities. */
export class LedgerRepository {
  constructor(private readonly em: EntityManager) {}

  async unitByCode(code: string): Promise<Unit | null> {
    return this.em.findOne(Unit, { code });
  }

  async units(): Promise<Unit[]> {
    return this.em.find(Unit, {}, { orderBy: { path: 'asc' }, populate: ['parent'] });
  }

  /** One page of cases; a unit filter covers the unit and every unit below it. */
  async page(filter: LedgerFilter): Promise<{ items: PetitionCase[]; total: number }> {
    const where: FilterQuery<PetitionCase> = {};
    if (filter.status) where.status = filter.status;
    if (filter.category) where.category = filter.category;
    if (filter.channel) where.channel = filter.channel;
    if (filter.caseNumber) where.caseNumber = { $like: `%${filter.caseNumber.replace(/[%_\\]/g, '\\$&')}%` };
    if (filter.unitCode) {
      const unit = await this.unitByCode(filter.unitCode);
      if (!unit) return { items: [], total: 0 };
      where.unit = { path: { $like: `${unit.path}%` } };
    }
    const [items, total] = await this.em.findAndCount(PetitionCase, where, {
      populate: ['unit'],
      orderBy: { receivedAt: 'desc', caseNumber: 'desc' },
      limit: filter.pageSize,
      offset: (filter.page - 1) * filter.pageSize,
    });
    return { items, total };
  }

  async countByStatus(): Promise<{ status: CaseStatus; count: number }[]> {
    return this.em
      .getConnection()
      .execute<{ status: CaseStatus; count: number }[]>(
        'select status, count(*)::int as count from petition_case group by status order by status',
      );
  }

  async caseWithUnit(caseNumber: string): Promise<PetitionCase | null> {
    return this.em.findOne(PetitionCase, { caseNumber }, { populate: ['unit'] });
  }

  async timeline(caseNumber: string): Promise<CaseEvent[]> {
    return this.em.find(CaseEvent, { caseNumber }, { orderBy: { seq: 'asc' } });
  }

  async receipt(caseNumber: string): Promise<Receipt | null> {
    return this.em.findOne(Receipt, { caseNumber });
  }
}
