import type { Policy } from '../../kernel/index.ts'

/** "An opportunity is automatically won if the client accepts the contract" (seed 000). */
export const AutoWinOnContractAccepted: Policy = {
  name: 'AutoWinOnContractAccepted',
  on: ['ContractAccepted'],
  react: (event) => [{ command: 'CloseOpportunity', data: { opportunityId: event.data.opportunityId, outcome: 'won' } }],
}
