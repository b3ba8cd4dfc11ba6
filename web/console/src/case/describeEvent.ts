import type { TFunction } from 'i18next';
import { backlogFlagNames, type AttachmentRef, type TimelineEvent } from '../api';
import type { CodeGroup } from '../useCodeLabel';
import { attachmentsOf } from './backlog/backlogEvents';

type Label = (group: CodeGroup, code: string) => string;

export interface EventDescription {
  /** Who did it. */
  actor: string;
  /** What happened, as one readable sentence with its department, days, clock or due date. */
  sentence: string;
  /** Free text recorded with the event (reason, reply, opinion …), each with its label. */
  details: { label: string; text: string }[];
  /** Files recorded with the event (a field visit's photos, minutes …). */
  attachments: AttachmentRef[];
}

/** The free-text fields an event may carry, in the order they are shown. */
const textFields = [
  'reason',
  'feedback',
  'note',
  'text',
  'comment',
  'instructions',
  'opinion',
  'finding',
  'summary',
  'met',
  'agreed',
  // 权力清单: the department the power list proposed at dispatch, and why another was chosen.
  'proposedDepartment',
  'otherDepartmentReason',
] as const;
/** Events whose sentence already names the due date. */
const sentencesWithDueDate = new Set(['deadline_warning']);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** A department or unit may come as its name or as `{ id, name }`. */
const nameOf = (value: unknown): string | undefined =>
  text(value) ??
  (typeof value === 'object' && value !== null && 'name' in value ? text(value.name) : undefined);

const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

/** i18next context for events that record a yes/no decision or a change of something set before. */
function eventContext(type: string, data: Record<string, unknown>): string | undefined {
  if (type === 'registered' && data.imported) return 'imported';
  if (type === 'plan_set' && typeof data.version === 'number' && data.version > 1) return 'revised';
  if (type === 'leader_assigned' && nameOf(data.previous)) return 'changed';
  if (type === 'backlog_progress_reported' && list(data.completedMilestones).length > 0) return 'milestones';
  return decisionContext(data);
}

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

/** What the backlog events name in their sentence: leaders, members, flags, reasons, counts. */
function backlogParams(t: TFunction, data: Record<string, unknown>) {
  const separator = t('timeline.listSeparator');
  const flags = field(data, 'flags');
  const setFlags = backlogFlagNames.filter((flag) => field(flags, flag) === true);
  const members = list(data.members).map((member) => {
    const name = nameOf(member) ?? '—';
    const role = text(field(member, 'role'));
    return role ? t('timeline.member', { name, role }) : name;
  });
  return {
    leader: nameOf(data.leader) ?? '—',
    previous: nameOf(data.previous) ?? '—',
    openCaseNumber: text(data.openCaseNumber) ?? '—',
    externalRef: text(field(data.imported, 'externalRef')) ?? '—',
    caseNumber: text(data.caseNumber) ?? '—',
    unit: nameOf(data.unit) ?? '—',
    count: typeof data.count === 'number' ? data.count : list(data.milestones).length,
    version: typeof data.version === 'number' ? data.version : '—',
    flags: setFlags.length
      ? setFlags.map((flag) => t(`backlog.flags.${flag}`)).join(separator)
      : t('timeline.noFlags'),
    reasons: list(data.reasons)
      .map((reason) => t(`backlog.reason.${String(reason)}`, { defaultValue: String(reason) }))
      .join(separator),
    members: members.join(separator),
    completed: list(data.completedMilestones).length,
    kind: t(`backlog.visitKind.${text(data.kind) ?? ''}`, { defaultValue: text(data.kind) ?? '—' }),
    date: text(data.date) ?? '—',
    place: text(data.place) ?? '—',
  };
}

/** A plan's milestones, one line each ("title (due date)"), and the milestones a progress entry completed. */
function milestoneDetails(t: TFunction, data: Record<string, unknown>) {
  const milestones = list(data.milestones).map((m) =>
    t('backlog.milestoneLine', {
      title: text(field(m, 'title')) ?? '—',
      dueDate: text(field(m, 'dueDate')) ?? '—',
    }),
  );
  const completed = list(data.completedMilestones).flatMap((m) => text(m) ?? []);
  return [
    ...(milestones.length ? [{ label: t('timeline.fields.milestones'), text: milestones.join('\n') }] : []),
    ...(completed.length
      ? [
          {
            label: t('timeline.fields.completedMilestones'),
            text: completed.join(t('timeline.listSeparator')),
          },
        ]
      : []),
  ];
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
    ...backlogParams(t, data),
    defaultValue: event.type,
    context: eventContext(event.type, data),
    department: nameOf(data.department) ?? nameOf(data.departmentName) ?? dash,
    forwardTo: nameOf(data.forwardTo) ?? dash,
    fromUnit: nameOf(data.fromUnit) ?? dash,
    toUnit: nameOf(data.toUnit) ?? dash,
    days: typeof data.days === 'number' ? data.days : dash,
    dueDate: dueDate ?? dash,
    clock: clock ? label('clock', clock) : dash,
    method: method ? label('deliveryMethod', method) : dash,
    target: target ? label('escalationTarget', target) : dash,
    channel: channel ? label('channel', channel) : dash,
    documentNumber: text(data.documentNumber) ?? dash,
    deliveredOn: text(data.deliveredOn) ?? dash,
    deliveredBy: text(data.deliveredBy) ?? dash,
  });
  if (dueDate && !sentencesWithDueDate.has(event.type)) sentence += t('events.dueSuffix', { dueDate });

  const details = textFields.flatMap((name) => {
    const value = text(data[name]);
    // A label may depend on the event: a plan's summary is not a petition's.
    return value ? [{ label: t(`timeline.fields.${name}`, { context: event.type }), text: value }] : [];
  });
  details.push(...milestoneDetails(t, data));
  return { actor: actorOf(t, label, event), sentence, details, attachments: attachmentsOf(data.attachments) };
}
