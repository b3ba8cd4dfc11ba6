import type { AttachmentRef, TimelineEvent } from '../../api';

/** One version of the resolution plan (化解方案), as its `plan_set` event recorded it. */
export interface PlanVersion {
  seq: number;
  version: number;
  summary: string;
  milestones: { title: string; dueDate: string }[];
  setAt: string;
  by: string | undefined;
}

/** A field visit or reception (带件下访、下沉接访), as its `field_visit_recorded` event recorded it. */
export interface VisitRecord {
  seq: number;
  kind: string;
  date: string;
  place: string;
  met: string;
  agreed: string;
  attachments: AttachmentRef[];
  recordedAt: string;
  by: string | undefined;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

export function attachmentsOf(value: unknown): AttachmentRef[] {
  return list(value).flatMap((item) => {
    const id = str(field(item, 'id'));
    if (!id) return [];
    const size = field(item, 'size');
    return [
      {
        id,
        fileName: str(field(item, 'fileName')) || id,
        mediaType: str(field(item, 'mediaType')),
        size: typeof size === 'number' ? size : 0,
      },
    ];
  });
}

/** Every version of the plan, newest first. */
export function planVersions(timeline: readonly TimelineEvent[]): PlanVersion[] {
  return timeline
    .filter((event) => event.type === 'plan_set')
    .map(({ seq, data, occurredAt, actor }) => ({
      seq,
      version: typeof data.version === 'number' ? data.version : 0,
      summary: str(data.summary),
      milestones: list(data.milestones).map((m) => ({
        title: str(field(m, 'title')),
        dueDate: str(field(m, 'dueDate')),
      })),
      setAt: occurredAt,
      by: actor.name,
    }))
    .sort((a, b) => b.version - a.version || b.seq - a.seq);
}

/** Every field visit, the latest first. */
export function fieldVisits(timeline: readonly TimelineEvent[]): VisitRecord[] {
  return timeline
    .filter((event) => event.type === 'field_visit_recorded')
    .map(({ seq, data, occurredAt, actor }) => ({
      seq,
      kind: str(data.kind),
      date: str(data.date),
      place: str(data.place),
      met: str(data.met),
      agreed: str(data.agreed),
      attachments: attachmentsOf(data.attachments),
      recordedAt: occurredAt,
      by: actor.name,
    }))
    .sort((a, b) => b.date.localeCompare(a.date) || b.seq - a.seq);
}
