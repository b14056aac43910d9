import { z } from 'zod'
import { price, reject, type AggregateDefinition, type DomainEvent, type Rejection } from '../kernel/index.ts'
import { checkOrderPrices, ORDER_FIELD_CODES, orderTermsFields, orderTermsOf, sameTerms, type OrderTerms } from './order-terms.ts'
import { idSchema, priceSchema, quantitySchema } from './command-fields.ts'

/** The Order aggregate's state (Broker context): the order's terms and where it stands. `null` until received. */
interface OrderState extends OrderTerms {
  portfolioId: string
  status: 'pending' | 'fulfilled' | 'canceled'
}

const schemas = {
  PlaceOrder: z.strictObject({ portfolioId: idSchema, ...orderTermsFields }).superRefine(checkOrderPrices),
  CompleteOrder: z.strictObject({ orderId: idSchema, price: priceSchema, quantity: quantitySchema }),
  CancelOrder: z.strictObject({ orderId: idSchema, reason: z.enum(['canceled', 'no_quote', 'expired']) }),
}

function notPending(state: OrderState): Rejection {
  return reject('ORDER_NOT_PENDING', `order ${state.orderId} is ${state.status}`, { status: state.status })
}

/** Decides one Order command: the rows of DOMAIN.md's Order table. */
function decideOrder(command: { type: string; data: Record<string, unknown> }, state: OrderState | null): DomainEvent[] | Rejection {
  const data = command.data as any
  if (command.type === 'PlaceOrder') {
    const received = { portfolioId: data.portfolioId, ...orderTermsOf(data) }
    if (state === null) return [{ type: 'OrderReceived', data: received }]
    return state.portfolioId === data.portfolioId && sameTerms(state, data)
      ? []
      : reject('DUPLICATE_ORDER', `order ${data.orderId} was received with other terms`, { orderId: data.orderId })
  }
  if (state === null) return reject('UNKNOWN_ORDER', `no order ${data.orderId}`)
  if (state.status !== 'pending') return notPending(state)
  if (command.type === 'CompleteOrder') {
    // Orders fill whole (all or none): a fill of another quantity is a mistake of the caller.
    if (data.quantity !== state.quantity) {
      return reject('QUANTITY_MISMATCH', `order ${state.orderId} is for ${state.quantity} shares, not ${data.quantity}`, { ordered: state.quantity, filled: data.quantity })
    }
    return [{ type: 'OrderFulfilled', data: { orderId: state.orderId, portfolioId: state.portfolioId, price: price(data.price), quantity: data.quantity } }]
  }
  if (command.type === 'CancelOrder') {
    return [{ type: 'OrderCanceled', data: { orderId: state.orderId, portfolioId: state.portfolioId, reason: data.reason } }]
  }
  throw new Error(`Order has no command ${command.type}`)
}

/** Folds one Order event into the state. */
function evolveOrder(state: OrderState | null, event: DomainEvent): OrderState | null {
  const d = event.data as Record<string, any>
  switch (event.type) {
    case 'OrderReceived': return { ...(d as OrderTerms), portfolioId: d.portfolioId, status: 'pending' }
    case 'OrderFulfilled': return state && { ...state, status: 'fulfilled' }
    case 'OrderCanceled': return state && { ...state, status: 'canceled' }
    default: return state
  }
}

const byOrder = (data: Record<string, unknown>) => data.orderId as string

/** The Order aggregate (Broker context): one order sent to the custodian, pending until it is filled or canceled. */
export const Order: AggregateDefinition<OrderState | null> = {
  name: 'Order',
  decider: { initialState: null, decide: decideOrder, evolve: evolveOrder },
  commands: {
    PlaceOrder: { schema: schemas.PlaceOrder, id: byOrder, policyOnly: true, fieldCodes: ORDER_FIELD_CODES },
    CompleteOrder: { schema: schemas.CompleteOrder, id: byOrder },
    CancelOrder: { schema: schemas.CancelOrder, id: byOrder },
  },
}
