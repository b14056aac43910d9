import type { BoundedContext } from '../kernel/index.ts'
import { Order } from './order.ts'
import { OrderBookProjection } from './order-book.ts'
import { OrdersProjection } from './orders.ts'
import { tradingPolicies } from './policies.ts'
import { Portfolio } from './portfolio.ts'
import { PortfolioSummaryProjection } from './portfolio-summary.ts'
import { QuoteProjection } from './quote.ts'
import { tradingPreconditions } from './preconditions.ts'
import { tradingSettings } from './settings.ts'
import { TradeService } from './trade-service.ts'
import { TransfersProjection } from './transfers.ts'
import { WireSystem } from './wire-system.ts'
import { WireTransfer } from './wire-transfer.ts'

export { tradingPreconditions, type TradingPrecondition } from './preconditions.ts'

/** The Trading bounded context (Portfolio, Broker, Wire transfer) as the engine registers it. */
export const trading: BoundedContext = {
  name: 'trading',
  aggregates: [Portfolio, Order, WireTransfer],
  policies: [...tradingPolicies, TradeService, WireSystem],
  projections: [PortfolioSummaryProjection, OrdersProjection, TransfersProjection, OrderBookProjection, QuoteProjection],
  settings: tradingSettings,
  preconditions: tradingPreconditions,
}
