import type { DepartmentRef } from './case';
import { officeOffsetMs } from './time';

/**
 * Backlog cases (信访积案) and who owns them: 一案一领导、一个工作专班、一套化解方案.
 * Plain data and pure functions: workflow code imports this.
 */

/** Why a case became a backlog case. */
export const backlogReasons = [
  /** 超期未办结: an office deadline of the case was breached. */
  'overdue',
  /** 重复访: the same matter came back often enough. */
  'repeat_petitions',
  /** 越级访: the matter was brought to a level above the case's own. */
  'above_proper_level',
  /** Open longer than the policy allows. */
  'long_open',
  /** The office decided, with a reason. */
  'office_decision',
  /** 集中排查: imported in a campaign screening. */
  'campaign_screening',
] as const;
export type BacklogReason = (typeof backlogReasons)[number];

/** «三多»: 多年 (many years), 多层 (many levels), 多头 (many offices). */
export interface BacklogFlags {
  manyYears: boolean;
  manyLevels: boolean;
  manyOffices: boolean;
}
export const backlogFlagNames = ['manyYears', 'manyLevels', 'manyOffices'] as const;
export type BacklogFlagName = (typeof backlogFlagNames)[number];

/** A leader as the case carries them: who, and where they sit for jurisdiction. */
export interface LeaderRef {
  staffId: number;
  name: string;
  unitId: number;
  unitPath: string;
}

/** A member of the task force (工作专班): named by the owning leader, with what they do. */
export interface TaskForceMember {
  name: string;
  /** What they do in the task force: 牵头, 政策解释, 法律服务, 调解, … */
  role: string;
  /** Their office or organisation, when not the leader's own. */
  organisation?: string | undefined;
  staffId?: number | undefined;
}

export interface Milestone {
  title: string;
  /** YYYY-MM-DD, office date. */
  dueDate: string;
  doneAt?: string | null | undefined;
}

/** 化解方案: each change is a new version; the timeline keeps every version. */
export interface ResolutionPlan {
  version: number;
  summary: string;
  milestones: Milestone[];
  setAt: string;
}

/** A file stored by the attachments API, as events and visits refer to it. */
export interface AttachmentRef {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
}

/** 带件下访 (a leader goes out with the case) or 下沉接访 (receives complainants where they live). */
export interface FieldVisit {
  kind: 'visit' | 'reception';
  /** YYYY-MM-DD. */
  date: string;
  place: string;
  /** Who was met. */
  met: string;
  /** What was agreed. */
  agreed: string;
  attachments: AttachmentRef[];
}

export interface BacklogState {
  designatedAt: string;
  reasons: BacklogReason[];
  flags: BacklogFlags;
  owner: LeaderRef | null;
  ownedAt: string | null;
  taskForce: TaskForceMember[];
  plan: ResolutionPlan | null;
  lastProgressAt: string | null;
  visits: number;
}

/** Petitions on the same matter linked to this case instead of opening a second one (重复信访). */
export interface RepeatPetitions {
  count: number;
  /** Case numbers of the petitions that joined this one. */
  caseNumbers: string[];
  /** Units where they were brought, for «多层» and «多头». */
  unitIds: number[];
  levels: string[];
}

/**
 * A case from a campaign screening: its real history from the office's old
 * ledger, so its deadlines run from the real dates (and may already be breached).
 */
export interface ImportedHistory {
  batchId: number;
  /** Line of the file (the header is line 1). */
  line: number;
  /** The office's own number for the case in its old ledger. */
  externalRef: string;
  acceptedAt?: string | undefined;
  department?: DepartmentRef | undefined;
  repeatCount: number;
  flags: BacklogFlags;
  reason: string;
  leader?: LeaderRef | undefined;
}

/** The first milestone not yet done, by date. */
export function nextMilestone(plan: ResolutionPlan | null): Milestone | null {
  if (!plan) return null;
  return (
    plan.milestones.filter((m) => !m.doneAt).sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0] ?? null
  );
}

/** The instant `months` calendar months after `iso`, counted on the office's calendar (Asia/Shanghai, no DST). */
export function addOfficeMonths(iso: string, months: number): string {
  const local = new Date(Date.parse(iso) + officeOffsetMs);
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCMonth(local.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  local.setUTCDate(Math.min(day, lastDay));
  return new Date(local.getTime() - officeOffsetMs).toISOString();
}
