/**
 * The discipline channel (检举控告) as 《纪检监察机关处理检举控告工作规则》 has it: the four
 * ways a report is disposed of, what the check found, and the sanction when a case is
 * opened (立案). Plain data only: workflow code imports this.
 */

/** 谈话函询, 初步核实, 暂存待查, 予以了结. */
export const disposals = ['talk_inquiry', 'preliminary_verification', 'hold', 'close'] as const;
export type Disposal = (typeof disposals)[number];

/** Disposals that end in a finding; 予以了结 ends the report as it is, 暂存待查 waits. */
export const findingDisposals: readonly Disposal[] = ['talk_inquiry', 'preliminary_verification'];

/** 属实, 部分属实, 不属实. */
export const findings = ['substantiated', 'partly_substantiated', 'unsubstantiated'] as const;
export type Finding = (typeof findings)[number];

/**
 * The sanction's kind when a case is opened: 党纪处分 (Party discipline), 政务处分
 * (administrative sanction for public employees), 组织处理 (organisational measures),
 * 移送司法机关 (handed to the judiciary).
 */
export const sanctionKinds = ['party_discipline', 'administrative', 'organisational', 'judicial'] as const;
export type SanctionKind = (typeof sanctionKinds)[number];

/** The conclusion of a report, as the workflow keeps it. */
export interface ReportConclusion {
  finding: Finding | null;
  /** 立案: the number the discipline body gave the case it opened. */
  caseOpened: string | null;
  sanction: SanctionKind | null;
  at: string;
}

/** The discipline office's handling of one report, carried in the case state. */
export interface ReportState {
  disposal: Disposal | null;
  disposalReason: string | null;
  conclusion: ReportConclusion | null;
  urgent: boolean;
}
