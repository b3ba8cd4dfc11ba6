import { EntitySchema } from '@mikro-orm/core';
import { Unit } from './unit';

/** A campaign to clear the backlog (积案化解攻坚) over a unit's subtree, with its target date. */
export class Campaign {
  id!: number;
  unit!: Unit;
  name!: string;
  startsOn!: string;
  /** The day the stock should reach zero (清零). */
  targetDate!: string;
}

export const CampaignSchema = new EntitySchema<Campaign>({
  class: Campaign,
  tableName: 'campaign',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    unit: { kind: 'm:1', entity: () => Unit, foreignKeyName: 'campaign_unit_id_fkey' },
    name: { type: 'string', length: 100 },
    startsOn: { type: 'date' },
    targetDate: { type: 'date' },
  },
});
