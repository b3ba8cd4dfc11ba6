import { CaseEventSchema } from './case-event';
import { DepartmentSchema } from './department';
import { PetitionCaseSchema } from './petition-case';
import { ReceiptSchema } from './receipt';
import { StaffMemberSchema } from './staff-member';
import { UnitSchema } from './unit';

export const entities = [
  UnitSchema,
  DepartmentSchema,
  StaffMemberSchema,
  PetitionCaseSchema,
  CaseEventSchema,
  ReceiptSchema,
];

export { CaseEvent } from './case-event';
export { Department } from './department';
export { PetitionCase } from './petition-case';
export { Receipt } from './receipt';
export { StaffMember } from './staff-member';
export { Unit } from './unit';
