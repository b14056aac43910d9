import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Dec, isRejection, money, validateCommand, type AggregateDefinition, type DomainEvent, type EventEnvelope } from '../../../domain/kernel/index.ts'
import { commissionFor } from '../../../domain/trading/loyalty.ts'
import { Order } from '../../../domain/trading/order.ts'
import { Portfolio } from '../../../domain/trading/portfolio.ts'
import { activeOrders, orderOf, type PortfolioState } from '../../../domain/trading/portfolio-state.ts'
import { PortfolioSummaryProjection, type PortfolioSummary } from '../../../domain/trading/read-model/portfolio-summary.ts'
import { WireTransfer } from '../../../domain/trading/wire-transfer.ts'
import { testContext } from '../../support/gwt.ts'

/** Whole cents as decimal text, without floats: 123456 → "1234.56". */
const text = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
const symbol = fc.constantFrom('ACME', 'BOLT')
const op = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deposit' as const), cents: fc.integer({ min: 1, max: 5_000_000 }) }) },
  fc.record({ kind: fc.constant('withdraw' as const), cents: fc.integer({ min: 1, max: 3_000_000 }) }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
  { weight: 3, arbitrary: fc.record({
    kind: fc.constant('place' as const), side: fc.constantFrom('buy', 'sell'), symbol, quantity: fc.integer({ min: 1, max: 40 }),
    orderType: fc.constantFrom('market', 'limit', 'stop'), cents: fc.integer({ min: 1, max: 50_000 }),
  }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fill' as const), pick: fc.nat(), cents: fc.integer({ min: 1, max: 60_000 }) }) },
  fc.record({ kind: fc.constant('fail' as const), pick: fc.nat(), reason: fc.constantFrom('canceled', 'no_quote', 'expired') }),
  fc.record({ kind: fc.constant('quote' as const), symbol, cents: fc.integer({ min: 1, max: 50_000 }) }),
)
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never

/** Runs one command through schema and decider; a rejection leaves the state as it was. */
function step<S>(aggregate: AggregateDefinition<S>, state: S, command: string, data: Record<string, unknown>, quotes: Record<string, string>): { state: S; events: DomainEvent[] } {
  const valid = validateCommand(command, aggregate.commands[command], data)
  if (!valid.ok) throw new Error(`generated an invalid ${command}: ${valid.rejection.message}`)
  const outcome = aggregate.decider.decide({ type: command, data: valid.data }, state, testContext({ quotes }))
  if (isRejection(outcome)) return { state, events: [] }
  return { state: outcome.reduce((s, e) => aggregate.decider.evolve(s, e), state), events: outcome }
}

describe('Portfolio under random place / fill / fail / transfer sequences', () => {
  it('never holds negative shares, conserves cash to the cent, and applies a fill at most once', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 10, maxLength: 80 }), (ops: Op[]) => {
      const quotes: Record<string, string> = {}
      let state = Portfolio.decider.evolve(null, { type: 'PortfolioOpened', data: { portfolioId: 'p1', name: 'P', owner: null, loyaltyLevel: 'basic' } }) as PortfolioState
      const log: DomainEvent[] = [{ type: 'PortfolioOpened', data: { portfolioId: 'p1', name: 'P', owner: null, loyaltyLevel: 'basic' } }]
      const orders: Array<{ orderId: string; quantity: number }> = []
      const withdrawals: Array<{ transferId: string; amount: string }> = []
      let cashIn = new Dec(0)
      let cashOut = new Dec(0)
      const filledShares: Record<string, number> = {}
      const settled = new Map<string, number>()

      ops.forEach((o, i) => {
        let outcome: { state: PortfolioState; events: DomainEvent[] }
        const before = state
        switch (o.kind) {
          case 'deposit':
            outcome = step(Portfolio, state, 'ReceiveFunds', { portfolioId: 'p1', transferId: `t${i}`, amount: text(o.cents) }, quotes) as typeof outcome
            if (outcome.events.length > 0) cashIn = cashIn.plus(text(o.cents))
            break
          case 'withdraw':
            outcome = step(Portfolio, state, 'SendFunds', { portfolioId: 'p1', transferId: `t${i}`, amount: text(o.cents), destination: 'bank' }, quotes) as typeof outcome
            if (outcome.events.length > 0) { cashOut = cashOut.plus(text(o.cents)); withdrawals.push({ transferId: `t${i}`, amount: text(o.cents) }) }
            break
          case 'refund': {
            const sent = withdrawals[o.pick % Math.max(1, withdrawals.length)]
            if (sent === undefined) return
            outcome = step(Portfolio, state, 'AcceptRefund', { portfolioId: 'p1', transferId: sent.transferId, amount: sent.amount }, quotes) as typeof outcome
            if (outcome.events.length > 0) cashIn = cashIn.plus(sent.amount)
            break
          }
          case 'place': {
            const prices = o.orderType === 'limit' ? { limitPrice: text(o.cents) } : o.orderType === 'stop' ? { stopPrice: text(o.cents) } : {}
            outcome = step(Portfolio, state, 'PlaceOrder', { portfolioId: 'p1', orderId: `o${i}`, symbol: o.symbol, side: o.side, quantity: o.quantity, orderType: o.orderType, ...prices }, quotes) as typeof outcome
            if (outcome.events.length > 0) orders.push({ orderId: `o${i}`, quantity: o.quantity })
            break
          }
          case 'fill': {
            const order = orders[o.pick % Math.max(1, orders.length)]
            if (order === undefined) return
            outcome = step(Portfolio, state, 'ProcessTrade', { portfolioId: 'p1', orderId: order.orderId, price: text(o.cents), quantity: order.quantity }, quotes) as typeof outcome
            if (outcome.events.length > 0) {
              const { side, symbol: sym } = orderOf(before, order.orderId)!
              const gross = new Dec(text(o.cents)).times(order.quantity)
              const commission = commissionFor(before.loyaltyLevel)
              if (side === 'buy') cashOut = cashOut.plus(money(gross.plus(commission)))
              else cashIn = cashIn.plus(money(gross.minus(commission)))
              filledShares[sym] = (filledShares[sym] ?? 0) + (side === 'buy' ? order.quantity : -order.quantity)
            }
            break
          }
          case 'fail': {
            const order = orders[o.pick % Math.max(1, orders.length)]
            if (order === undefined) return
            outcome = step(Portfolio, state, 'AcknowledgeOrderFailure', { portfolioId: 'p1', orderId: order.orderId, reason: o.reason }, quotes) as typeof outcome
            break
          }
          case 'quote':
            quotes[o.symbol] = text(o.cents)
            return
        }
        state = outcome.state
        log.push(...outcome.events)
        for (const event of outcome.events) {
          const orderId = event.data.orderId as string | undefined
          if (orderId !== undefined && (event.type === 'OrderFailed' || event.type.startsWith('Funds'))) settled.set(orderId, (settled.get(orderId) ?? 0) + 1)
        }

        // Never negative shares; reserved shares are shares owned.
        for (const holding of Object.values(state.holdings)) {
          expect(holding.reserved).toBeGreaterThanOrEqual(0)
          expect(holding.reserved).toBeLessThanOrEqual(holding.quantity)
        }
        for (const sym of ['ACME', 'BOLT']) expect(state.holdings[sym]?.quantity ?? 0).toBe(filledShares[sym] ?? 0)
        // Cash in = cash out + cash held, to the cent.
        expect(money(cashIn)).toBe(money(cashOut.plus(state.cash)))
        // The cash set aside is exactly the estimates of the buys still waiting.
        expect(state.reservedCash).toBe(money(activeOrders(state).reduce((t, a) => t.plus(a.estimate), new Dec(0))))
        // A fill or a failure settles an order once.
        for (const count of settled.values()) expect(count).toBe(1)
      })

      // The summary read model, folded on its own, agrees with the aggregate.
      const envelopes = log.map((e, i) => ({ position: i + 1, stream: 'Portfolio-p1', type: e.type, data: e.data, at: '2027-01-04T09:00:00.000Z' }) as EventEnvelope)
      const projected = envelopes.reduce((s, e) => PortfolioSummaryProjection.apply(s, e), PortfolioSummaryProjection.init())
      const summary = PortfolioSummaryProjection.queries.PortfolioSummary.run(projected, { portfolioId: 'p1' }, { now: '', settings: {}, quote: () => undefined, readStream: () => [] }) as PortfolioSummary
      expect(summary.cash).toBe(state.cash)
      expect(summary.reservedCash).toBe(state.reservedCash)
      expect(summary.loyaltyLevel).toBe(state.loyaltyLevel)
      expect(Object.fromEntries(summary.holdings.map((h) => [h.symbol, [h.quantity, h.reserved]])))
        .toEqual(Object.fromEntries(Object.entries(state.holdings).filter(([, h]) => h.quantity > 0).map(([s, h]) => [s, [h.quantity, h.reserved]])))
    }), { numRuns: 200 })
  })
})

describe('Order and WireTransfer under random answers', () => {
  it('an order ends once: at most one fill or cancel, whatever is sent', () => {
    const answer = fc.oneof(
      fc.record({ command: fc.constant('CompleteOrder'), data: fc.record({ orderId: fc.constant('o1'), price: fc.constantFrom('1', '99.5'), quantity: fc.constantFrom(5, 6) }) }),
      fc.record({ command: fc.constant('CancelOrder'), data: fc.record({ orderId: fc.constant('o1'), reason: fc.constantFrom('canceled', 'no_quote', 'expired') }) }),
      fc.record({ command: fc.constant('PlaceOrder'), data: fc.constant({ orderId: 'o1', portfolioId: 'p1', symbol: 'ACME', side: 'buy', quantity: 5, orderType: 'market' }) }),
    )
    fc.assert(fc.property(fc.array(answer, { maxLength: 20 }), (answers) => {
      let state = Order.decider.initialState
      const events: DomainEvent[] = []
      for (const a of answers) {
        const out = step(Order, state, a.command, a.data as Record<string, unknown>, {})
        state = out.state
        events.push(...out.events)
      }
      expect(events.filter((e) => e.type === 'OrderReceived').length).toBeLessThanOrEqual(1)
      expect(events.filter((e) => e.type === 'OrderFulfilled' || e.type === 'OrderCanceled').length).toBeLessThanOrEqual(1)
      if (events.length > 1) expect(events[0].type).toBe('OrderReceived')
    }))
  })

  it('a transfer is answered once and refunded at most once, only after a rejected withdrawal', () => {
    const command = fc.constantFrom<[string, Record<string, unknown>]>(
      ['SendFunds', { transferId: 't1', portfolioId: 'p1', amount: '10', destination: 'bank' }],
      ['ConfirmTransfer', { transferId: 't1' }],
      ['RejectTransfer', { transferId: 't1', reason: 'x' }],
      ['RefundSender', { transferId: 't1' }],
    )
    fc.assert(fc.property(fc.array(command, { maxLength: 20 }), (commands) => {
      let state = WireTransfer.decider.initialState
      const types: string[] = []
      for (const [name, data] of commands) {
        const out = step(WireTransfer, state, name, data, {})
        state = out.state
        types.push(...out.events.map((e) => e.type))
      }
      expect(types.filter((t) => t === 'TransferConfirmed' || t === 'TransferRejected').length).toBeLessThanOrEqual(1)
      expect(types.filter((t) => t === 'SenderRefunded').length).toBeLessThanOrEqual(1)
      if (types.includes('SenderRefunded')) expect(types.indexOf('TransferRejected')).toBeLessThan(types.indexOf('SenderRefunded'))
      expect(types.includes('SenderRefunded') && types.includes('TransferConfirmed')).toBe(false)
    }))
  })
})
