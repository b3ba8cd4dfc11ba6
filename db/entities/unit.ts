import { EntitySchema, type Opt } from '@mikro-orm/core';
import { Department } from './department';

/** Levels of the unit tree, top down: province › city (市州) › county (县市区) › township (乡镇/街道) › village (村/社区). */
export const unitLevels = ['province', 'city', 'county', 'township', 'village'] as const;
export type UnitLevel = (typeof unitLevels)[number];

/**
 * A government unit, or a discipline body (纪委监委, 派驻纪检监察组): discipline bodies form
 * a tree of their own beside the government tree, so nobody in a government unit ever
 * sees what they hold (and the other way round).
 */
export const unitKinds = ['government', 'discipline'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** An administrative unit with its own petition office. */
export class Unit {
  id!: number;
  code!: string;
  name!: string;
  /** Switched off by an administrator: kept for its cases and history, no longer used. */
  active!: boolean & Opt;
  level!: UnitLevel;
  parent?: Unit | null;
  /** Materialised path of ids, e.g. `/1/2/5/`: a subtree is `path LIKE '/1/2/%'`. */
  path!: string;
  kind!: UnitKind & Opt;
  /** A discipline body's jurisdiction by default: the government unit it oversees… */
  oversees?: Unit | null;
  /** …or, for a 派驻纪检监察组, the department it is stationed at. */
  overseesDepartment?: Department | null;
}

export const UnitSchema = new EntitySchema<Unit>({
  class: Unit,
  tableName: 'unit',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    code: { type: 'string', length: 32, unique: true },
    name: { type: 'string', length: 100 },
    active: { type: 'boolean', default: true },
    level: { type: 'string', length: 16 },
    parent: { kind: 'm:1', entity: () => Unit, nullable: true },
    path: { type: 'string', length: 255, index: true },
    kind: { enum: true, items: () => unitKinds, columnType: 'varchar(16)', default: 'government' },
    oversees: { kind: 'm:1', entity: () => Unit, fieldName: 'oversees_unit_id', nullable: true },
    overseesDepartment: { kind: 'm:1', entity: () => Department, nullable: true },
  },
});
