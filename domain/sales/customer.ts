import { z } from 'zod'
import { reject, type AggregateDefinition, type DomainCommand, type DomainEvent, type Rejection } from '../kernel/index.ts'
import { CHURN_RISK_LEVELS, type ChurnRisk } from './stages.ts'

/** What the Customer aggregate must remember to decide: that it exists, and its churn risk. */
type CustomerState = { churnRisk: ChurnRisk } | null

const customerId = z.string().min(1)

/** RegisterCustomer's payload: a new customer, with an optional market segment. */
export const RegisterCustomer = z.strictObject({
  customerId,
  name: z.string().min(1),
  segment: z.string().min(1).nullable().optional(),
})

/** FlagChurnRisk's payload: a rep's judgement of how likely the customer is to leave. */
const FlagChurnRisk = z.strictObject({
  customerId,
  level: z.enum(CHURN_RISK_LEVELS),
  reason: z.string().min(1).optional(),
})

function decide(command: DomainCommand, state: CustomerState): DomainEvent[] | Rejection {
  switch (command.type) {
    case 'RegisterCustomer': {
      const data = command.data as z.infer<typeof RegisterCustomer>
      if (state !== null) return reject('CUSTOMER_EXISTS', `Customer ${data.customerId} is already registered`)
      return [{ type: 'CustomerRegistered', data: { customerId: data.customerId, name: data.name, segment: data.segment ?? null } }]
    }
    case 'FlagChurnRisk': {
      const data = command.data as z.infer<typeof FlagChurnRisk>
      if (state === null) return reject('UNKNOWN_CUSTOMER', `No customer ${data.customerId}`)
      if (state.churnRisk === data.level) return []
      return [
        {
          type: 'ChurnRiskFlagged',
          data: { customerId: data.customerId, level: data.level, previousLevel: state.churnRisk, reason: data.reason ?? null },
        },
      ]
    }
    default:
      throw new Error(`Customer cannot handle ${command.type}`)
  }
}

function evolve(state: CustomerState, event: DomainEvent): CustomerState {
  switch (event.type) {
    case 'CustomerRegistered':
      return { churnRisk: 'low' }
    case 'ChurnRiskFlagged':
      return { churnRisk: event.data.level as ChurnRisk }
    default:
      return state
  }
}

/** The Customer aggregate (DOMAIN.md "Customer aggregate"): registration and churn risk. */
export const Customer: AggregateDefinition<CustomerState> = {
  name: 'Customer',
  decider: { initialState: null, decide, evolve },
  commands: {
    RegisterCustomer: { schema: RegisterCustomer, id: (data) => String(data.customerId) },
    FlagChurnRisk: { schema: FlagChurnRisk, id: (data) => String(data.customerId) },
  },
}
