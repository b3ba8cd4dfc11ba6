import type { EntityManager } from '@mikro-orm/postgresql';
import type { CaseState } from '../../domain/case-commands';
import { Department, Unit, type PetitionCase } from '../../db/entities';

/**
 * What the case page shows of a report (检举控告): whom it accuses and how the discipline
 * office disposes of it. The accused person's name only to the discipline body that holds
 * the report; nobody else can open it anyway (Art. 30), and a petition never shows it.
 */
export async function reportView(em: EntityManager, row: PetitionCase, state: CaseState | null) {
  if (row.kind !== 'report') return null;
  const [unit, department] = await Promise.all([
    row.accusedUnitId ? em.findOne(Unit, { id: row.accusedUnitId }) : null,
    row.accusedDepartmentId
      ? em.findOne(Department, { id: row.accusedDepartmentId }, { populate: ['unit'] })
      : null,
  ]);
  const accusedUnit = department?.unit ?? unit;
  return {
    accused: {
      name: row.unit.kind === 'discipline' ? (row.accusedName ?? null) : null,
      position: row.accusedPosition ?? null,
      isHead: row.accusedIsHead,
      unit: accusedUnit ? { code: accusedUnit.code, name: accusedUnit.name } : null,
      department: department ? { id: department.id, name: department.name } : null,
    },
    urgent: state?.report?.urgent ?? row.urgent,
    disposal: state?.report?.disposal ?? null,
    disposalReason: state?.report?.disposalReason ?? null,
    conclusion: state?.report?.conclusion ?? null,
  };
}
