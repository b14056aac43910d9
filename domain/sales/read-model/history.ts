import { z } from 'zod'
import type { Projection } from '../../kernel/index.ts'

/**
 * `OpportunityHistory {opportunityId}`: the opportunity's events in order, with who issued each (actor or
 * policy). Keeps no state: the events are read from the log, up to the query's `asOf`.
 */
export const OpportunityHistory: Projection<Record<string, never>> = {
  name: 'OpportunityHistory',
  init: () => ({}),
  on: [],
  apply: (state) => state,
  queries: {
    OpportunityHistory: {
      params: z.strictObject({ opportunityId: z.string().min(1) }),
      run: (_state, params, context) =>
        context.readStream(`Opportunity-${String(params.opportunityId)}`).map((event) => ({
          position: event.position,
          type: event.type,
          at: event.at,
          actor: event.meta.actor,
          policy: event.meta.policy,
          command: event.meta.command,
          data: event.data,
        })),
    },
  },
}
