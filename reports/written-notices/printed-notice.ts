import { chineseDate } from '../../domain/written-notices';
import type { WrittenNotice } from '../../db/written-notices/entities';

/** A written notice as printed: what the PDF and the DOCX both lay out. */
export interface PrintedNotice {
  /** 发文机关标志. */
  issuingOffice: string;
  /** 发文字号. */
  documentNumber: string;
  title: string;
  /** 主送: the complainant's name, 信访人 when anonymous, or the body the case goes to. */
  addressee: string;
  /** Paragraphs of the body. */
  paragraphs: string[];
  /** 成文日期 in Chinese numerals. */
  dateText: string;
}

/** Who a notice is addressed to, given the case's complainant (null when anonymous or not to be shown). */
export function printedNotice(notice: WrittenNotice, complainantName: string | null): PrintedNotice {
  const addressee =
    notice.addresseeKind === 'recipient' ? (notice.recipient ?? '') : (complainantName ?? '信访人');
  return {
    issuingOffice: notice.issuingOffice,
    documentNumber: notice.documentNumber,
    title: notice.title,
    addressee,
    paragraphs: notice.body
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean),
    dateText: chineseDate(notice.issuedOn),
  };
}

/** A file name for a download: the number with its brackets kept, safe on every system. */
export const noticeFileName = (notice: PrintedNotice, extension: 'pdf' | 'docx'): string =>
  `${notice.title}-${notice.documentNumber}.${extension}`.replace(/[\\/:*?"<>|\s]/g, '_');
