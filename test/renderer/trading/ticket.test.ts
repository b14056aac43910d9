import { describe, expect, it } from 'vitest'
import { buyEstimate, placeOrderCommand, priceField, type TicketForm } from '../../../renderer/trading/ticket.ts'

const form = (patch: Partial<TicketForm> = {}): TicketForm => ({ symbol: 'acme ', side: 'buy', quantity: '100', orderType: 'market', price: '', timeInForce: 'day', ...patch })

describe('the order ticket', () => {
  it('sends the Portfolio\'s PlaceOrder with the id made by the screen', () => {
    expect(placeOrderCommand(form(), 'p-1', 'o-1', 'trader')).toEqual({
      ok: true,
      command: {
        command: 'PlaceOrder', aggregate: 'Portfolio', actor: 'trader',
        data: { portfolioId: 'p-1', orderId: 'o-1', symbol: 'ACME', side: 'buy', quantity: 100, orderType: 'market', timeInForce: 'day' },
      },
    })
  })

  it('puts the price where the order type wants it, and only there', () => {
    const limit = placeOrderCommand(form({ orderType: 'limit', price: ' 45 ' }), 'p-1', 'o-1', 'trader')
    expect(limit).toMatchObject({ ok: true, command: { data: { limitPrice: '45' } } })
    expect(limit.ok && 'stopPrice' in limit.command.data).toBe(false)
    const stop = placeOrderCommand(form({ orderType: 'stop', side: 'sell', price: '40', timeInForce: 'gtc' }), 'p-1', 'o-2', 'trader')
    expect(stop).toMatchObject({ ok: true, command: { data: { stopPrice: '40', side: 'sell', timeInForce: 'gtc' } } })
    expect(stop.ok && 'limitPrice' in stop.command.data).toBe(false)
    const market = placeOrderCommand(form({ price: '45' }), 'p-1', 'o-3', 'trader')
    expect(market.ok && ('limitPrice' in market.command.data || 'stopPrice' in market.command.data)).toBe(false)
    expect(priceField('market')).toBeNull()
    expect(priceField('stop')?.field).toBe('stopPrice')
  })

  it('refuses what is not a whole number of shares, or a limit without its price, as INVALID_ORDER', () => {
    for (const quantity of ['', '0', '1.5', '-3', 'ten']) {
      expect(placeOrderCommand(form({ quantity }), 'p-1', 'o-1', 'trader')).toMatchObject({ ok: false, code: 'INVALID_ORDER' })
    }
    expect(placeOrderCommand(form({ orderType: 'limit', price: ' ' }), 'p-1', 'o-1', 'trader')).toMatchObject({ ok: false, code: 'INVALID_ORDER', message: expect.stringMatching(/limit price/) })
  })

  it('estimates a buy\'s reservation as the portfolio does: quantity × reference price + commission, in decimals', () => {
    expect(buyEstimate(form({ orderType: 'limit', price: '45' }), '50', '9.99')).toBe('4509.99')
    expect(buyEstimate(form({ orderType: 'stop', price: '0.1', quantity: '3' }), undefined, '9.99')).toBe('10.29')
    expect(buyEstimate(form(), '44.5', '8.99')).toBe('4458.99')
    expect(buyEstimate(form(), undefined, '9.99')).toBeNull()
    expect(buyEstimate(form({ side: 'sell' }), '50', '9.99')).toBeNull()
    expect(buyEstimate(form({ orderType: 'limit', price: 'abc' }), '50', '9.99')).toBeNull()
  })
})
