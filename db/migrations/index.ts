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
import { Migration20261202140000NoticesOutbox } from './Migration20261202140000_notices_outbox';
import { Migration20261202140100NoticeChannels } from './Migration20261202140100_notice_channels';

/** Every migration, oldest first. Add new ones here as well as in this folder. */
export const migrationsList: MigrationObject[] = [
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
  { name: 'Migration20261202140000_notices_outbox', class: Migration20261202140000NoticesOutbox },
  { name: 'Migration20261202140100_notice_channels', class: Migration20261202140100NoticeChannels },
];
