import type { TFunction } from 'i18next';
import type { TimelineEvent } from '../api';
import type { CodeGroup } from '../useCodeLabel';

type Label = (group: CodeGroup, code: string) => string;

export interface EventDescription {
  /** Who did it. */
  actor: string;
  /** What happened, as one readable sentence with its department, days, clock or due date. */
  sentence: string;
  /** Free text recorded with the event (reason, reply, opinion …), each with its label. */
  details: { label: string; text: string }[];
}

/** The free-text fields an event may carry, in the order they are shown. */
const textFields = ['reason', 'feedback', 'note', 'text', 'comment', 'instructions', 'opinion'] as const;
/** Events whose sentence already names the due date. */
const sentencesWithDueDate = new Set(['deadline_warning']);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** A department or unit may come as its name or as `{ id, name }`. */
const nameOf = (value: unknown): string | undefined =>
  text(value) ??
  (typeof value === 'object' && value !== null && 'name' in value ? text(value.name) : undefined);

/** i18next context for events that record a yes/no decision. */
function decisionContext(data: Record<string, unknown>): string | undefined {
  for (const [field, yes, no] of [
    ['satisfied', 'satisfied', 'unsatisfied'],
    ['upheld', 'upheld', 'overturned'],
    ['approve', 'approved', 'refused'],
  ] as const) {
    if (typeof data[field] === 'boolean') return data[field] ? yes : no;
  }
  return undefined;
}

function actorOf(t: TFunction, label: Label, { actor }: TimelineEvent): string {
  if (actor.kind === 'complainant') return t('timeline.complainant');
  if (actor.kind === 'system') return t('timeline.system');
  const role = actor.role ? label('role', actor.role) : undefined;
  if (actor.name && role) return t('timeline.staff', { name: actor.name, role });
  return actor.name ?? role ?? t('timeline.staffUnknown');
}

export function describeEvent(t: TFunction, label: Label, event: TimelineEvent): EventDescription {
  const data = event.data ?? {};
  const clock = text(data.clock);
  const method = text(data.method);
  const target = text(data.escalateTo) ?? text(data.target);
  const channel = text(data.channel);
  const dueDate = text(data.dueDate);
  const dash = '—';

  let sentence = t(`events.${event.type}`, {
    defaultValue: event.type,
    context: decisionContext(data),
    department: nameOf(data.department) ?? nameOf(data.departmentName) ?? dash,
    forwardTo: nameOf(data.forwardTo) ?? dash,
    days: typeof data.days === 'number' ? data.days : dash,
    dueDate: dueDate ?? dash,
    clock: clock ? label('clock', clock) : dash,
    method: method ? label('deliveryMethod', method) : dash,
    target: target ? label('escalationTarget', target) : dash,
    channel: channel ? label('channel', channel) : dash,
  });
  if (dueDate && !sentencesWithDueDate.has(event.type)) sentence += t('events.dueSuffix', { dueDate });

  const details = textFields.flatMap((field) => {
    const value = text(data[field]);
    return value ? [{ label: t(`timeline.fields.${field}`), text: value }] : [];
  });
  return { actor: actorOf(t, label, event), sentence, details };
}
