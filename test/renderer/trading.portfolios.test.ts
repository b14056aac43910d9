import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import { learnPortfolios, touchesTrading } from '../../renderer/trading/portfolios.ts'
import { tradingActor, wireMode } from '../../renderer/trading/store.ts'

let position = 0
const event = (type: string, stream: string, data: Record<string, unknown>, context = 'trading'): EventEnvelope => ({
  position: ++position, id: `e-${position}`, stream, version: 1, type, at: '2027-01-04T09:00:00.000Z', data,
  meta: { context, aggregate: stream.split('-')[0], command: 'x', commandId: 'c', actor: 'trader', policy: null, causationId: 'c', correlationId: 'c', schema: 1 },
})

describe('the portfolio list, learned from the log', () => {
  it('adds each opened portfolio in the order opened, once', () => {
    const opened = event('PortfolioOpened', 'Portfolio-p-1', { portfolioId: 'p-1', name: 'Core', owner: 'ana', loyaltyLevel: 'basic' })
    const list = learnPortfolios([], [
      opened,
      event('FundsCredited', 'Portfolio-p-1', { transferId: 't-1', amount: '100' }),
      event('PortfolioOpened', 'Portfolio-p-2', { portfolioId: 'p-2', name: 'Swing', owner: null, loyaltyLevel: 'basic' }),
      opened,
    ])
    expect(list).toEqual([
      { portfolioId: 'p-1', name: 'Core', owner: 'ana', status: 'open' },
      { portfolioId: 'p-2', name: 'Swing', owner: null, status: 'open' },
    ])
  })

  it('marks a closed portfolio, found by its stream', () => {
    const list = learnPortfolios([{ portfolioId: 'p-1', name: 'Core', owner: null, status: 'open' }], [event('PortfolioClosed', 'Portfolio-p-1', {})])
    expect(list[0].status).toBe('closed')
  })

  it('keeps the same list when nothing about portfolios happened', () => {
    const known = [{ portfolioId: 'p-1', name: 'Core', owner: null, status: 'open' as const }]
    expect(learnPortfolios(known, [event('CustomerRegistered', 'Customer-c', { customerId: 'c', name: 'Acme' }, 'sales')])).toBe(known)
  })

  it('refreshes the screens only for trading events', () => {
    expect(touchesTrading([event('CustomerRegistered', 'Customer-c', {}, 'sales')])).toBe(false)
    expect(touchesTrading([event('OrderFulfilled', 'Order-o-1', {})])).toBe(true)
  })
})

describe('who acts, and how the wire answers', () => {
  it('sends as the workspace\'s actor, else as "trader"', () => {
    expect(tradingActor({ actor: 'ana' })).toBe('ana')
    expect(tradingActor({})).toBe('trader')
    expect(tradingActor(undefined)).toBe('trader')
  })

  it('reads the wire mode from the settings, auto by default', () => {
    expect(wireMode({ wire: 'manual' })).toBe('manual')
    expect(wireMode({ wire: 'auto' })).toBe('auto')
    expect(wireMode({})).toBe('auto')
  })
})
