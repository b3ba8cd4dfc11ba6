// The roles come from the domain itself, so the tests can read the menu without the browser's modules.
import { staffRoles, type StaffRole } from '../../../domain/actor';

export interface NavEntry {
  path: string;
  /** Key under `nav.` in the locale files. */
  label: string;
  /** Who sees the menu item and may open the page; absent: everyone signed in. */
  roles?: readonly StaffRole[];
  /** A page reached from another page, not from the menu. */
  inMenu?: false;
  /** Only for people of this kind of unit (a discipline body's own pages). */
  unitKind?: 'discipline';
}

// The weekly report (每周一报) and the monthly bulletin (一月一通报) are read by the office and by those it reports to.
const reportReaders: readonly StaffRole[] = ['clerk', 'office_head', 'leader', 'supervisor'];

// The escalation queue (督办队列) is for offices above village level that receive breaches from below.
export const navEntries: readonly NavEntry[] = [
  // Everyone but the auditor, who reads the logs and no case (separated duties).
  { path: '/ledger', label: 'ledger', roles: staffRoles.filter((role) => role !== 'auditor') },
  { path: '/queues/department', label: 'departmentQueue', roles: ['handler'] },
  { path: '/queues/escalations', label: 'escalations', roles: ['office_head', 'supervisor', 'leader'] },
  { path: '/intake', label: 'intake', roles: ['clerk', 'office_head'] },
  {
    path: '/discipline/queue',
    label: 'reportQueue',
    roles: ['clerk', 'office_head', 'leader'],
    unitKind: 'discipline',
  },
  { path: '/leader', label: 'leaderWorkspace', roles: ['leader'] },
  { path: '/backlog', label: 'backlog', roles: ['clerk', 'office_head', 'leader'] },
  { path: '/backlog/import', label: 'backlogImport', roles: ['clerk', 'office_head'], inMenu: false },
  { path: '/close-out', label: 'closeOut', roles: reportReaders },
  { path: '/bulletins', label: 'bulletin', roles: reportReaders },
  // 统计: the office's figures for any period, read by those who read the reports.
  { path: '/statistics', label: 'statistics', roles: reportReaders },
  // 线索聚类: people and units reported by several complainants.
  { path: '/auto-triage/clusters', label: 'clusters', roles: reportReaders },
  { path: '/look-back', label: 'lookBack', roles: ['clerk', 'office_head'] },
  { path: '/identity-views', label: 'identityViews', roles: ['office_head'] },
  { path: '/admin/units', label: 'adminUnits', roles: ['admin'] },
  { path: '/admin/staff', label: 'adminStaff', roles: ['admin'] },
  { path: '/admin/log', label: 'adminLog', roles: ['admin', 'auditor'] },
  { path: '/admin/audit', label: 'adminAudit', roles: ['admin', 'auditor'] },
  { path: '/admin/calendar', label: 'calendar', roles: ['admin'] },
  { path: '/admin/policies', label: 'policies', roles: ['admin'] },
  { path: '/admin/written-notices', label: 'writtenNoticeTemplates', roles: ['admin'] },
  // 系统管理 (issue 16): the power list and the org chart import for administrators, campaigns for office heads.
  { path: '/admin/power-list', label: 'powerList', roles: ['admin'] },
  { path: '/admin/org-chart-import', label: 'orgChartImport', roles: ['admin'] },
  { path: '/campaigns', label: 'campaigns', roles: ['office_head'] },
  // 典型案例 (issue 22): the office writes them, its head publishes them on the public page.
  { path: '/typical-cases', label: 'typicalCases', roles: ['clerk', 'office_head'] },
];

/** Whether a person with these roles (any one suffices) in a unit of this kind sees the entry. */
export const mayOpen = (entry: NavEntry, roles: readonly StaffRole[], unitKind?: string): boolean =>
  (!entry.roles || roles.some((role) => entry.roles!.includes(role))) &&
  (!entry.unitKind || entry.unitKind === unitKind);

/** Where a person lands: the ledger, or for an auditor the log they read. */
export const homePath = (roles: readonly StaffRole[]): string =>
  roles.every((role) => role === 'auditor') ? '/admin/log' : '/ledger';
