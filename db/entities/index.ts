import { AdminChangeSchema, StaffInvitationSchema } from '../administration/entities';
import { AdminAlertSchema } from './admin-alert';
import { AttachmentSchema } from './attachment';
import { CampaignSchema } from './campaign';
import { ImportBatchSchema, ImportedCaseSchema } from './import-batch';
import { CalendarDaySchema, CalendarYearSchema } from './calendar';
import { CaseDeadlineSchema } from './case-deadline';
import { CaseEventSchema } from './case-event';
import { ProjectedCaseStateSchema } from './case-state';
import { DepartmentSchema } from './department';
import { EscalationSchema } from './escalation';
import { MailDeliverySchema } from './mail-delivery';
import { PetitionCaseSchema } from './petition-case';
import { ReceiptSchema } from './receipt';
import { StaffMemberSchema } from './staff-member';
import { UnitSchema } from './unit';
import { LostCodeRequestSchema } from '../lost-code/entities';
import {
  WrittenNoticeSchema,
  WrittenNoticeSettingSchema,
  WrittenNoticeTemplateSchema,
} from '../written-notices/entities';

export const entities = [
  UnitSchema,
  DepartmentSchema,
  StaffMemberSchema,
  PetitionCaseSchema,
  CaseEventSchema,
  CaseDeadlineSchema,
  ProjectedCaseStateSchema,
  EscalationSchema,
  ReceiptSchema,
  CalendarYearSchema,
  CalendarDaySchema,
  AdminAlertSchema,
  MailDeliverySchema,
  ImportBatchSchema,
  ImportedCaseSchema,
  AttachmentSchema,
  CampaignSchema,
  WrittenNoticeSchema,
  WrittenNoticeTemplateSchema,
  WrittenNoticeSettingSchema,
  StaffInvitationSchema,
  AdminChangeSchema,
  LostCodeRequestSchema,
];

export { AdminAlert } from './admin-alert';
export { Attachment } from './attachment';
export { Campaign } from './campaign';
export { ImportBatch, ImportedCase } from './import-batch';
export { CalendarDay, CalendarYear } from './calendar';
export { CaseDeadline } from './case-deadline';
export { CaseEvent } from './case-event';
export { ProjectedCaseState } from './case-state';
export { Department } from './department';
export { Escalation } from './escalation';
export { MailDelivery } from './mail-delivery';
export { PetitionCase } from './petition-case';
export { Receipt } from './receipt';
export { StaffMember } from './staff-member';
export { Unit } from './unit';
export { LostCodeRequest } from '../lost-code/entities';
export { WrittenNotice, WrittenNoticeSetting, WrittenNoticeTemplate } from '../written-notices/entities';
