import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121000000WalkingSkeleton } from './Migration20261121000000_walking_skeleton';
import { Migration20261121120000CaseLifecycle } from './Migration20261121120000_case_lifecycle';
import { Migration20261121130000LedgerIndexes } from './Migration20261121130000_ledger_indexes';
import { Migration20261121140000BacklogCases } from './Migration20261121140000_backlog_cases';
import { Migration20261121150000RepeatMatching } from './Migration20261121150000_repeat_matching';
import { Migration20261121160000CloseOut } from './Migration20261121160000_close_out';
import { Migration20261121170000ComplainantSide } from './Migration20261121170000_complainant_side';
import { Migration20261121180000IdentityEncryption } from './Migration20261121180000_identity_encryption';
import { Migration20261121180100IdentityAccess } from './Migration20261121180100_identity_access';
import { Migration20261121180200SessionHardening } from './Migration20261121180200_session_hardening';
import { Migration20261121180300TimelineChain } from './Migration20261121180300_timeline_chain';
import { Migration20261202150000WrittenNotices } from './Migration20261202150000_written_notices';
import { Migration20261202160000TimelineChainRowLock } from './Migration20261202160000_timeline_chain_row_lock';
import { Migration20261202120000Administration } from './Migration20261202120000_administration';
import { Migration20261202130000PolicyPowerListCampaigns } from './Migration20261202130000_policy_power_list_campaigns';
import { Migration20261202130100OrgChartImport } from './Migration20261202130100_org_chart_import';
import { Migration20261202100000DisciplineChannel } from './Migration20261202100000_discipline_channel';
import { Migration20261202110000HandOver } from './Migration20261202110000_hand_over';
import { Migration20261202140000NoticesOutbox } from './Migration20261202140000_notices_outbox';
import { Migration20261202140100NoticeChannels } from './Migration20261202140100_notice_channels';
import { Migration20261203100000LostCode } from './Migration20261203100000_lost_code';
import { Migration20261203110000CaseState } from './Migration20261203110000_case_state';
import { Migration20261203120000LedgerCountAccused } from './Migration20261203120000_ledger_count_accused';
import { Migration20261204110000SecondFactor } from './Migration20261204110000_second_factor';
import { Migration20261204120000AuditTrail } from './Migration20261204120000_audit_trail';
import { Migration20261205103000TypicalCases } from './Migration20261205103000_typical_cases';

/**
 * Every migration, oldest first (by the timestamp in its name, whatever order branches
 * added them in). Add new ones here as well as in this folder.
 */
export const migrationsList: MigrationObject[] = (
  [
    { name: 'Migration20261121000000_walking_skeleton', class: Migration20261121000000WalkingSkeleton },
    { name: 'Migration20261121120000_case_lifecycle', class: Migration20261121120000CaseLifecycle },
    { name: 'Migration20261121130000_ledger_indexes', class: Migration20261121130000LedgerIndexes },
    { name: 'Migration20261121140000_backlog_cases', class: Migration20261121140000BacklogCases },
    { name: 'Migration20261121150000_repeat_matching', class: Migration20261121150000RepeatMatching },
    { name: 'Migration20261121160000_close_out', class: Migration20261121160000CloseOut },
    { name: 'Migration20261121170000_complainant_side', class: Migration20261121170000ComplainantSide },
    { name: 'Migration20261121180000_identity_encryption', class: Migration20261121180000IdentityEncryption },
    { name: 'Migration20261121180100_identity_access', class: Migration20261121180100IdentityAccess },
    { name: 'Migration20261121180200_session_hardening', class: Migration20261121180200SessionHardening },
    { name: 'Migration20261121180300_timeline_chain', class: Migration20261121180300TimelineChain },
    { name: 'Migration20261202150000_written_notices', class: Migration20261202150000WrittenNotices },
    {
      name: 'Migration20261202160000_timeline_chain_row_lock',
      class: Migration20261202160000TimelineChainRowLock,
    },
    { name: 'Migration20261202120000_administration', class: Migration20261202120000Administration },
    {
      name: 'Migration20261202130000_policy_power_list_campaigns',
      class: Migration20261202130000PolicyPowerListCampaigns,
    },
    { name: 'Migration20261202130100_org_chart_import', class: Migration20261202130100OrgChartImport },
    { name: 'Migration20261202100000_discipline_channel', class: Migration20261202100000DisciplineChannel },
    { name: 'Migration20261202110000_hand_over', class: Migration20261202110000HandOver },
    { name: 'Migration20261202140000_notices_outbox', class: Migration20261202140000NoticesOutbox },
    { name: 'Migration20261202140100_notice_channels', class: Migration20261202140100NoticeChannels },
    { name: 'Migration20261203100000_lost_code', class: Migration20261203100000LostCode },
    { name: 'Migration20261203110000_case_state', class: Migration20261203110000CaseState },
    {
      name: 'Migration20261203120000_ledger_count_accused',
      class: Migration20261203120000LedgerCountAccused,
    },
    { name: 'Migration20261204110000_second_factor', class: Migration20261204110000SecondFactor },
    { name: 'Migration20261204120000_audit_trail', class: Migration20261204120000AuditTrail },
    { name: 'Migration20261205103000_typical_cases', class: Migration20261205103000TypicalCases },
  ] satisfies MigrationObject[]
).sort((a, b) => a.name.localeCompare(b.name));
