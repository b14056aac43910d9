import type { BoundedContext } from '../kernel/index.ts'
import { Order } from './order.ts'
import { OrderBookProjection } from './read-model/order-book.ts'
import { OrdersProjection } from './read-model/orders.ts'
import { ForwardOrderToBroker, ReportOrderFailure, SettleTrade } from './policies/order-flow.ts'
import { CreditDeposit, RefundOnRejection, WireWithdrawal } from './policies/wire-flow.ts'
import { Portfolio } from './portfolio.ts'
import { PortfolioSummaryProjection } from './read-model/portfolio-summary.ts'
import { PortfolioValueProjection } from './read-model/portfolio-value.ts'
import { QuoteProjection } from './read-model/quote.ts'
import { tradingPreconditions } from './preconditions.ts'
import { tradingSettings } from './settings.ts'
import { TradeService } from './policies/trade-service.ts'
import { TransfersProjection } from './read-model/transfers.ts'
import { WireSystem } from './policies/wire-system.ts'
import { WireTransfer } from './wire-transfer.ts'

export { tradingPreconditions } from './preconditions.ts'

/** The Trading bounded context (Portfolio, Broker, Wire transfer) as the engine registers it. */
export const trading: BoundedContext = {
  name: 'trading',
  aggregates: [Portfolio, Order, WireTransfer],
  // The policies in DOMAIN.md's order, then the simulated external systems.
  policies: [ForwardOrderToBroker, SettleTrade, ReportOrderFailure, CreditDeposit, WireWithdrawal, RefundOnRejection, TradeService, WireSystem],
  projections: [PortfolioSummaryProjection, OrdersProjection, TransfersProjection, OrderBookProjection, QuoteProjection, PortfolioValueProjection],
  settings: tradingSettings,
  preconditions: tradingPreconditions,
}
