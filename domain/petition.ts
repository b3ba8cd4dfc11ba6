/**
 * The petition as the complainant brings it (信访事项), shared by the API, the
 * workflow and the ledger. Plain data and types only: workflow code imports this.
 */
export const categories = ['land', 'urban', 'labour', 'rural', 'environment', 'discipline', 'other'] as const;
export type Category = (typeof categories)[number];

/** How the petition reached the office: web form, a visit (来访), a letter (来信), a call (来电), a unit's QR code (码上举报). */
export const channels = ['web', 'visit', 'letter', 'phone', 'qr'] as const;
export type Channel = (typeof channels)[number];

/**
 * What the matter is, asked at the door: a request or complaint about a problem
 * (信访诉求), a report about a Party member, official or public employee (检举控告),
 * or a request for information (咨询).
 */
export const petitionKinds = ['petition', 'report', 'consultation'] as const;
export type PetitionKind = (typeof petitionKinds)[number];

export interface Complainant {
  name: string;
  phone: string;
  email?: string | undefined;
  /** 身份证号: 18 characters, the last a digit or X. */
  idNumber?: string | undefined;
  address?: string | undefined;
}

export interface Petition {
  /** The unit that registers it: for a report, the discipline body with jurisdiction (管辖). */
  unitCode: string;
  /** Absent in petitions from before the kinds were asked: a petition. */
  kind?: PetitionKind | undefined;
  channel: Channel;
  category: Category;
  place: string;
  /** What happened (反映的问题). */
  summary: string;
  /** What the complainant asks for (诉求). */
  request: string;
  anonymous: boolean;
  complainant?: Complainant | undefined;
  /** The language the petition was brought in; e-mails to the complainant follow it. */
  language?: ComplainantLanguage | undefined;
  /** How the complainant chose to hear of the case: SMS unless they say otherwise. */
  notifyBy?: NoticeChannels | undefined;
  /** Brought through this unit's QR code (码上举报). */
  qrUnitCode?: string | undefined;
  /** Files the complainant attached (ids from the upload), bound to the case on registration. */
  attachmentIds?: string[] | undefined;
  /** Whom the petition complains about (被反映人), as the office registered it. */
  accused?: Accused | undefined;
}

/**
 * Whom a petition complains about: a department of `unitCode` when one is named (only it is
 * accused), else the whole unit. The person's name is identity-grade: encrypted in the
 * ledger row and in Temporal's payloads, never in a search attribute or a log.
 */
export interface Accused {
  unitCode: string;
  departmentId?: number | undefined;
  name?: string | undefined;
  /** 职务, as far as the complainant knows it. */
  position?: string | undefined;
  /** The person heads the accused unit (一把手): the body of the level above has jurisdiction. */
  isHead?: boolean | undefined;
}

/** 告知方式: by SMS, by e-mail, or both. */
export const noticeChannels = ['sms', 'email', 'both'] as const;
export type NoticeChannels = (typeof noticeChannels)[number];

/** SMS by default; a complainant who gave only an e-mail address, or gave one before choosing existed, by e-mail too. */
export function chosenChannels(petition: Pick<Petition, 'notifyBy' | 'complainant'>): NoticeChannels {
  if (petition.notifyBy) return petition.notifyBy;
  return petition.complainant?.email ? 'both' : 'sms';
}

export const complainantLanguages = ['zh-CN', 'en'] as const;
export type ComplainantLanguage = (typeof complainantLanguages)[number];
