import { describe, expect, it } from 'vitest'
import { Order } from '../../../domain/trading/order.ts'
import { given } from '../../support/gwt.ts'
import { history } from './fixtures.ts'

type Step = [string, Record<string, unknown>]
const terms = { orderId: 'o1', portfolioId: 'p1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'limit', limitPrice: '90' }
const place: Step = ['PlaceOrder', terms]
const received = history(Order, [place])
const fulfilled = history(Order, [place, ['CompleteOrder', { orderId: 'o1', price: '90', quantity: 10 }]])
const canceled = history(Order, [place, ['CancelOrder', { orderId: 'o1', reason: 'canceled' }]])

describe('Order.PlaceOrder (policy only)', () => {
  it('receives the order with its terms', () => {
    given(Order).when(...place)
      .then([{ type: 'OrderReceived', data: { orderId: 'o1', portfolioId: 'p1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'limit', limitPrice: '90.00', timeInForce: 'day' } }])
  })

  it('is issued by policies only', () => {
    expect(Order.commands.PlaceOrder.policyOnly).toBe(true)
    expect(Order.commands.CompleteOrder.policyOnly).toBeFalsy()
    expect(Order.commands.CancelOrder.policyOnly).toBeFalsy()
  })

  it('changes nothing when the same order arrives again', () => {
    given(Order, received).when('PlaceOrder', { ...terms, limitPrice: '90.00' }).thenNothing()
  })

  it('rejects other terms under the same id with DUPLICATE_ORDER', () => {
    given(Order, received).when('PlaceOrder', { ...terms, quantity: 11 }).thenRejects('DUPLICATE_ORDER')
    given(Order, received).when('PlaceOrder', { ...terms, portfolioId: 'p2' }).thenRejects('DUPLICATE_ORDER')
  })

  it('rejects malformed terms with INVALID_ORDER', () => {
    given(Order).when('PlaceOrder', { ...terms, quantity: 0 }).thenRejects('INVALID_ORDER', 'quantity')
    given(Order).when('PlaceOrder', { ...terms, limitPrice: undefined }).thenRejects('INVALID_ORDER', 'limitPrice')
  })
})

describe('CompleteOrder', () => {
  it('fulfills a pending order at the fill price', () => {
    given(Order, received).when('CompleteOrder', { orderId: 'o1', price: '89.5', quantity: 10 })
      .then([{ type: 'OrderFulfilled', data: { orderId: 'o1', portfolioId: 'p1', price: '89.50', quantity: 10 } }])
  })

  it('rejects an order that is no longer pending with ORDER_NOT_PENDING', () => {
    given(Order, fulfilled).when('CompleteOrder', { orderId: 'o1', price: '90', quantity: 10 }).thenRejects('ORDER_NOT_PENDING')
    given(Order, canceled).when('CompleteOrder', { orderId: 'o1', price: '90', quantity: 10 }).thenRejects('ORDER_NOT_PENDING')
  })

  it('rejects an order never received with UNKNOWN_ORDER', () => {
    given(Order).when('CompleteOrder', { orderId: 'o1', price: '90', quantity: 10 }).thenRejects('UNKNOWN_ORDER')
  })

  it('rejects a fill of another quantity with QUANTITY_MISMATCH (orders fill whole)', () => {
    given(Order, received).when('CompleteOrder', { orderId: 'o1', price: '90', quantity: 5 }).thenRejects('QUANTITY_MISMATCH')
  })

  it('rejects a price that is not a positive decimal with INVALID_COMMAND', () => {
    given(Order, received).when('CompleteOrder', { orderId: 'o1', price: '-1', quantity: 10 }).thenRejects('INVALID_COMMAND', 'price')
  })
})

describe('CancelOrder', () => {
  it.each(['canceled', 'no_quote', 'expired'])('cancels a pending order with reason %s', (reason) => {
    given(Order, received).when('CancelOrder', { orderId: 'o1', reason }).then([{ type: 'OrderCanceled', data: { orderId: 'o1', portfolioId: 'p1', reason } }])
  })

  it('rejects an order that is no longer pending with ORDER_NOT_PENDING', () => {
    given(Order, fulfilled).when('CancelOrder', { orderId: 'o1', reason: 'canceled' }).thenRejects('ORDER_NOT_PENDING')
    given(Order, canceled).when('CancelOrder', { orderId: 'o1', reason: 'canceled' }).thenRejects('ORDER_NOT_PENDING')
  })

  it('rejects an order never received with UNKNOWN_ORDER', () => {
    given(Order).when('CancelOrder', { orderId: 'o1', reason: 'canceled' }).thenRejects('UNKNOWN_ORDER')
  })

  it('rejects another reason with INVALID_COMMAND', () => {
    given(Order, received).when('CancelOrder', { orderId: 'o1', reason: 'whim' }).thenRejects('INVALID_COMMAND', 'reason')
  })
})
