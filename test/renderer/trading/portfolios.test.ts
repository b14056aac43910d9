import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/envelope.ts'
import { changesPortfolioList, touchesTrading } from '../../../renderer/trading/portfolios.ts'
import { tradingActor, wireMode } from '../../../renderer/trading/store.ts'

let position = 0
const event = (type: string, stream: string, data: Record<string, unknown>, context = 'trading'): EventEnvelope => ({
  position: ++position, id: `e-${position}`, stream, version: 1, type, at: '2027-01-04T09:00:00.000Z', data,
  meta: { context, aggregate: stream.split('-')[0], command: 'x', commandId: 'c', actor: 'trader', policy: null, causationId: 'c', correlationId: 'c', schema: 1 },
})

describe('what the trading screens listen for', () => {
  it('reloads the portfolio list only when a portfolio opens, closes or changes loyalty level', () => {
    expect(changesPortfolioList([event('PortfolioOpened', 'Portfolio-p-1', { portfolioId: 'p-1', name: 'Core' })])).toBe(true)
    expect(changesPortfolioList([event('FundsCredited', 'Portfolio-p-1', {}), event('PortfolioClosed', 'Portfolio-p-1', {})])).toBe(true)
    expect(changesPortfolioList([event('LoyaltyLevelChanged', 'Portfolio-p-1', { from: 'basic', to: 'bronze' })])).toBe(true)
    expect(changesPortfolioList([event('FundsCredited', 'Portfolio-p-1', {}), event('CustomerRegistered', 'Customer-c', {}, 'sales')])).toBe(false)
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
