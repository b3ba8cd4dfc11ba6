import { EntitySchema, type Opt } from '@mikro-orm/core';

/** Levels of the unit tree, top down: province › city (市州) › county (县市区) › township (乡镇/街道) › village (村/社区). */
export const unitLevels = ['province', 'city', 'county', 'township', 'village'] as const;
export type UnitLevel = (typeof unitLevels)[number];

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
  },
});
