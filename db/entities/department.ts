import { EntitySchema, type Opt } from '@mikro-orm/core';
import { Unit } from './unit';

/**
 * A body inside a unit: its petition office (信访室), the discipline body (纪检监察),
 * or a handling department (承办单位) that receives dispatched cases.
 */
export const departmentKinds = ['petition_office', 'discipline_body', 'handling_department'] as const;
export type DepartmentKind = (typeof departmentKinds)[number];

export class Department {
  id!: number;
  unit!: Unit;
  code!: string;
  name!: string;
  /** Switched off by an administrator: no longer receives cases. */
  active!: boolean & Opt;
  kind!: DepartmentKind;
}

export const DepartmentSchema = new EntitySchema<Department>({
  class: Department,
  tableName: 'department',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    unit: { kind: 'm:1', entity: () => Unit },
    code: { type: 'string', length: 48, unique: true },
    name: { type: 'string', length: 100 },
    active: { type: 'boolean', default: true },
    kind: { type: 'string', length: 32 },
  },
});
