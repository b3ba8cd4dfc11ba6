import type { WorkflowHandle } from '@temporalio/client';
import { caseWorkflowId, type CaseStart } from '../../domain/case';
import type { Petition } from '../../domain/petition';
import { petitionCase } from '../../workflows';
import { caseStateQuery } from '../../workflows/case/messages';
import type { WorkflowTestEnv } from './workflow-env';

/** 城关镇, in 东湖县 (990101): where the workflow tests' cases are brought. */
export const township = '990101001';
let nextCase = 1;

/** A petition about land compensation in 城关镇, received at `receivedAt`, with whatever a test changes. */
export function aCase(
  petition: Partial<Petition>,
  receivedAt: string,
  extra: Partial<CaseStart> = {},
): CaseStart {
  return {
    caseNumber: `QL2030-${String(900000 + nextCase++)}`,
    petition: {
      unitCode: township,
      channel: 'web',
      category: 'land',
      place: '城关镇新桥村',
      summary: '修路占用承包地，补偿款没有发放',
      request: '发放补偿款',
      anonymous: false,
      complainant: { name: '王明', phone: '13800000000', email: 'wangming@example.cn' },
      ...petition,
    },
    receivedAt,
    policyVersion: '2026.1',
    ...extra,
  };
}

/** Starts the case and waits until it is registered (the state query answers once it is). */
export async function startCase(
  w: WorkflowTestEnv,
  start: CaseStart,
  taskQueue: string,
): Promise<WorkflowHandle> {
  const handle = await w.env.client.workflow.start(petitionCase, {
    taskQueue,
    workflowId: caseWorkflowId(start.caseNumber),
    args: [start],
  });
  for (let i = 0; i < 200 && !(await handle.query(caseStateQuery)); i++)
    await new Promise((r) => setTimeout(r, 50));
  return handle;
}

/** A timer fires at its instant; the workflow task that records it follows within milliseconds. */
export const toSecond = (instant: Date) => instant.toISOString().slice(0, 19);
