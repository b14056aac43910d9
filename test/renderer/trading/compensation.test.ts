import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/envelope.ts'
import { tradingCompensation } from '../../../renderer/trading/compensation.ts'
import type { SentCommand } from '../../../renderer/workspace/compensations.ts'

let position = 0
const event = (type: string, data: Record<string, unknown>, command: string, policy: string | null = null): EventEnvelope => ({
  position: ++position, id: `e${position}`, stream: 'Portfolio-p-1', version: position, type, at: '2027-01-04T09:00:00Z', data,
  meta: { context: 'trading', aggregate: 'Portfolio', command, commandId: 'c', actor: policy ? null : 'trader', policy, causationId: 'c', correlationId: 'c', schema: 1 },
})
const place: SentCommand = { command: 'PlaceOrder', aggregate: 'Portfolio', data: { portfolioId: 'p-1', orderId: 'o-1', symbol: 'ACME' }, actor: 'trader' }
const placed = event('OrderPlaced', { orderId: 'o-1', portfolioId: 'p-1' }, 'PlaceOrder')

describe('the compensation of a trading command', () => {
  it('cancels an order still pending after its cascade, as the trader who placed it', () => {
    const received = event('OrderReceived', { orderId: 'o-1' }, 'PlaceOrder', 'ForwardOrder')
    expect(tradingCompensation(place, [placed, received])).toEqual({
      ok: true, command: { command: 'CancelOrder', data: { orderId: 'o-1', reason: 'canceled' }, actor: 'trader' }, label: 'cancel the pending order',
    })
  })

  it('says an order filled, failed or canceled in its cascade cannot be undone', () => {
    for (const end of ['OrderFulfilled', 'OrderFailed', 'OrderCanceled']) {
      expect(tradingCompensation(place, [placed, event(end, { orderId: 'o-1' }, 'X', 'TradeService')])).toMatchObject({ ok: false, message: expect.stringMatching(/^Can't undo PlaceOrder: the order was already filled or ended/) })
    }
  })

  it('has no compensating command for the other trading commands', () => {
    expect(tradingCompensation({ command: 'RequestFunds', data: {} }, [event('FundsRequested', {}, 'RequestFunds')])).toEqual({ ok: false, message: "Can't undo RequestFunds: the domain has no compensating command." })
  })
})
