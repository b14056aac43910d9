import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/envelope.ts'
import { noticeMemory, noticesOf } from '../../../renderer/trading/notices.ts'

const event = (type: string, data: Record<string, unknown>) => ({ type, data }) as unknown as EventEnvelope

describe('notices of pushed trading events', () => {
  it('names a fill, a cancel and an expiry by the order\'s terms, with the price formatted', () => {
    const memory = noticeMemory()
    expect(noticesOf([
      event('OrderPlaced', { orderId: 'o1', side: 'buy', quantity: 10, symbol: 'ACME' }),
      event('OrderFulfilled', { orderId: 'o1', price: '101.25', quantity: 10 }),
      event('OrderPlaced', { orderId: 'o2', side: 'sell', quantity: 3, symbol: 'BOLT' }),
    ], memory)).toEqual(['Buy 10 ACME filled at 101.25'])
    expect(noticesOf([event('OrderFailed', { orderId: 'o2', reason: 'expired' }), event('OrderFailed', { orderId: 'o2', reason: 'canceled' })], memory))
      .toEqual(['Sell 3 BOLT expired', 'Sell 3 BOLT canceled'])
    expect(noticesOf([event('OrderFulfilled', { orderId: 'unknown', price: '1234.5' })], memory)).toEqual(['An order filled at 1,234.50'])
  })

  it('names a loyalty tier change and a transfer confirmed, rejected or refunded', () => {
    const memory = noticeMemory()
    expect(noticesOf([
      event('FundsRequested', { transferId: 't1', amount: '9000.00' }),
      event('TransferConfirmed', { transferId: 't1' }),
      event('LoyaltyLevelChanged', { from: 'basic', to: 'bronze' }),
      event('FundsSent', { transferId: 't2', amount: '40.01' }),
      event('TransferRejected', { transferId: 't2', reason: 'account closed' }),
      event('RefundAccepted', { transferId: 't2', amount: '40.01' }),
    ], memory)).toEqual([
      'Deposit of $9,000.00 confirmed',
      'Loyalty level changed from basic to bronze',
      'Withdrawal of $40.01 rejected: account closed',
      'Withdrawal of $40.01 refunded: $40.01 back in cash',
    ])
  })
})
