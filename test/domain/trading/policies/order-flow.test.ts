import { describe, it } from 'vitest'
import { trading } from '../../../../domain/trading/index.ts'
import { Order } from '../../../../domain/trading/order.ts'
import { Portfolio } from '../../../../domain/trading/portfolio.ts'
import { givenLog, testContext } from '../../../support/gwt.ts'
import { history, Log } from '../fixtures.ts'
import { ForwardOrderToBroker, ReportOrderFailure, SettleTrade } from '../../../../domain/trading/policies/order-flow.ts'

type Step = [string, Record<string, unknown>]
const at100 = testContext({ quotes: { ACME: '100' } })

describe('ForwardOrderToBroker', () => {
  it('sends the placed order to the broker with its terms, without the portfolio estimate', () => {
    const log = new Log()
    log.append('Portfolio-p1', history(Portfolio, [
      ['OpenPortfolio', { portfolioId: 'p1', name: 'P' }],
      ['ReceiveFunds', { portfolioId: 'p1', transferId: 't1', amount: '5000' }],
      ['PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'limit', limitPrice: '90', timeInForce: 'gtc' }],
    ], at100))
    givenLog(trading, log).whenEvent(ForwardOrderToBroker, log.last('OrderPlaced')).then([{
      command: 'PlaceOrder', aggregate: 'Order',
      data: { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'limit', limitPrice: '90.00', timeInForce: 'gtc' },
    }])
  })
})

describe('SettleTrade and ReportOrderFailure', () => {
  const place: Step = ['PlaceOrder', { orderId: 'o1', portfolioId: 'p1', symbol: 'ACME', side: 'sell', quantity: 3, orderType: 'market' }]

  it('books a fulfilled order on its portfolio', () => {
    const log = new Log()
    log.append('Order-o1', history(Order, [place, ['CompleteOrder', { orderId: 'o1', price: '101.25', quantity: 3 }]]))
    givenLog(trading, log).whenEvent(SettleTrade, log.last('OrderFulfilled'))
      .then([{ command: 'ProcessTrade', aggregate: 'Portfolio', data: { portfolioId: 'p1', orderId: 'o1', price: '101.25', quantity: 3 } }])
  })

  it('reports a canceled order to its portfolio with the reason', () => {
    const log = new Log()
    log.append('Order-o1', history(Order, [place, ['CancelOrder', { orderId: 'o1', reason: 'no_quote' }]]))
    givenLog(trading, log).whenEvent(ReportOrderFailure, log.last('OrderCanceled'))
      .then([{ command: 'AcknowledgeOrderFailure', aggregate: 'Portfolio', data: { portfolioId: 'p1', orderId: 'o1', reason: 'no_quote' } }])
  })
})
