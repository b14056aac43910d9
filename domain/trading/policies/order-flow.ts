import type { EventEnvelope, Policy, ReactionCommand } from '../../kernel/index.ts'
import { orderTermsOf, type OrderTerms } from '../order-terms.ts'

// The policies that carry an order between the Portfolio and the broker's Order, there and back.

/** When a portfolio places an order, the broker receives it. */
export const ForwardOrderToBroker: Policy = {
  name: 'ForwardOrderToBroker',
  on: ['OrderPlaced'],
  react(event: EventEnvelope): ReactionCommand[] {
    const placed = event.data as unknown as OrderTerms & { portfolioId: string }
    return [{ command: 'PlaceOrder', aggregate: 'Order', data: { portfolioId: placed.portfolioId, ...orderTermsOf(placed) } }]
  },
}

/** When the broker fills an order, the portfolio books the trade. */
export const SettleTrade: Policy = {
  name: 'SettleTrade',
  on: ['OrderFulfilled'],
  react(event: EventEnvelope): ReactionCommand[] {
    const { orderId, portfolioId, price, quantity } = event.data
    return [{ command: 'ProcessTrade', aggregate: 'Portfolio', data: { portfolioId, orderId, price, quantity } }]
  },
}

/** When the broker cancels an order, the portfolio learns it failed and releases what it set aside. */
export const ReportOrderFailure: Policy = {
  name: 'ReportOrderFailure',
  on: ['OrderCanceled'],
  react(event: EventEnvelope): ReactionCommand[] {
    const { orderId, portfolioId, reason } = event.data
    return [{ command: 'AcknowledgeOrderFailure', aggregate: 'Portfolio', data: { portfolioId, orderId, reason } }]
  },
}
