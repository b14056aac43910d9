import type { ApiResult, FlowReport } from '../../main/ipc/contract.ts'
import type { FlowFile } from '../workspace/flows.ts'
import { runFlow } from '../workspace/host.ts'

/** Runs an unsaved flow in a scratch log (nothing is written). */
export function runDraft(flow: FlowFile): Promise<ApiResult<FlowReport>> {
  return (runFlow as unknown as (params: unknown, into: 'scratch') => Promise<ApiResult<FlowReport>>)(flow, 'scratch')
}
