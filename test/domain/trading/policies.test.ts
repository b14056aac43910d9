import { describe, expect, it } from 'vitest'
import { trading } from '../../../domain/trading/index.ts'
import { Order } from '../../../domain/trading/order.ts'
import {
  CreditDeposit, ForwardOrderToBroker, RefundOnRejection, ReportOrderFailure, SettleTrade, WireWithdrawal,
} from '../../../domain/trading/policies.ts'
import { Portfolio } from '../../../domain/trading/portfolio.ts'
import { WireTransfer } from '../../../domain/trading/wire-transfer.ts'
import { givenLog, testContext } from '../../support/gwt.ts'
import { history, Log } from './fixtures.ts'

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

describe('CreditDeposit', () => {
  it('credits a confirmed deposit to its portfolio, amount read from the Transfers read model', () => {
    const log = new Log()
    log.append('WireTransfer-t1', history(WireTransfer, [['RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '5000', source: 'bank' }], ['ConfirmTransfer', { transferId: 't1' }]]))
    givenLog(trading, log).whenEvent(CreditDeposit, log.last('TransferConfirmed'))
      .then([{ command: 'ReceiveFunds', aggregate: 'Portfolio', data: { portfolioId: 'p1', transferId: 't1', amount: '5000.00' } }])
  })

  it('does nothing for a confirmed withdrawal', () => {
    const log = new Log()
    log.append('WireTransfer-t2', history(WireTransfer, [['SendFunds', { transferId: 't2', portfolioId: 'p1', amount: '50', destination: 'bank' }], ['ConfirmTransfer', { transferId: 't2' }]]))
    givenLog(trading, log).whenEvent(CreditDeposit, log.last('TransferConfirmed')).thenNothing()
  })
})

describe('WireWithdrawal', () => {
  const portfolio = history(Portfolio, [
    ['OpenPortfolio', { portfolioId: 'p1', name: 'P' }],
    ['ReceiveFunds', { portfolioId: 'p1', transferId: 't1', amount: '5000' }],
    ['SendFunds', { portfolioId: 'p1', transferId: 't2', amount: '700', destination: 'bank-2' }],
    ['PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 1, orderType: 'market' }],
    ['ProcessTrade', { portfolioId: 'p1', orderId: 'o1', price: '100', quantity: 1 }],
  ], at100)

  it('sends a withdrawal debited from a portfolio through the wire', () => {
    const log = new Log()
    const [, , withdrawal] = log.append('Portfolio-p1', portfolio)
    givenLog(trading, log).whenEvent(WireWithdrawal, withdrawal)
      .then([{ command: 'SendFunds', aggregate: 'WireTransfer', data: { transferId: 't2', portfolioId: 'p1', amount: '700.00', destination: 'bank-2' } }])
  })

  it('does nothing for the debit of a trade', () => {
    const log = new Log()
    log.append('Portfolio-p1', portfolio)
    expect(log.last('FundsDebited').data.orderId).toBe('o1')
    givenLog(trading, log).whenEvent(WireWithdrawal, log.last('FundsDebited')).thenNothing()
  })
})

describe('RefundOnRejection', () => {
  it('refunds the sender of a rejected withdrawal, then returns the refund to the portfolio', () => {
    const log = new Log()
    log.append('WireTransfer-t2', history(WireTransfer, [
      ['SendFunds', { transferId: 't2', portfolioId: 'p1', amount: '700', destination: 'bank' }],
      ['RejectTransfer', { transferId: 't2', reason: 'account closed' }],
      ['RefundSender', { transferId: 't2' }],
    ]))
    givenLog(trading, log).whenEvent(RefundOnRejection, log.last('TransferRejected'))
      .then([{ command: 'RefundSender', aggregate: 'WireTransfer', data: { transferId: 't2' } }])
    givenLog(trading, log).whenEvent(RefundOnRejection, log.last('SenderRefunded'))
      .then([{ command: 'AcceptRefund', aggregate: 'Portfolio', data: { portfolioId: 'p1', transferId: 't2', amount: '700.00' } }])
  })

  it('does nothing for a rejected deposit (no money left the portfolio)', () => {
    const log = new Log()
    log.append('WireTransfer-t1', history(WireTransfer, [['RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '5', source: 'bank' }], ['RejectTransfer', { transferId: 't1', reason: 'no funds' }]]))
    givenLog(trading, log).whenEvent(RefundOnRejection, log.last('TransferRejected')).thenNothing()
  })
})

describe('the registered policies', () => {
  it('are the six lilac stickies of DOMAIN.md and the two simulated external systems', () => {
    expect(trading.policies.map((p) => [p.name, p.kind ?? 'policy'])).toEqual([
      ['ForwardOrderToBroker', 'policy'], ['SettleTrade', 'policy'], ['ReportOrderFailure', 'policy'], ['CreditDeposit', 'policy'],
      ['WireWithdrawal', 'policy'], ['RefundOnRejection', 'policy'], ['TradeService', 'external'], ['WireSystem', 'external'],
    ])
  })
})
