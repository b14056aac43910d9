import { describe, expect, it } from 'vitest'
import { validateCommand, type ReactionCommand } from '../../../domain/kernel/index.ts'
import { trading } from '../../../domain/trading/index.ts'
import { Order } from '../../../domain/trading/order.ts'
import {
  CreditDeposit, ForwardOrderToBroker, RefundOnRejection, ReportOrderFailure, SettleTrade, WireWithdrawal,
} from '../../../domain/trading/policies.ts'
import { Portfolio } from '../../../domain/trading/portfolio.ts'
import { WireTransfer } from '../../../domain/trading/wire-transfer.ts'
import { testContext } from '../../support/gwt.ts'
import { history, Log, readContext } from './fixtures.ts'

type Step = [string, Record<string, unknown>]
const at100 = testContext({ quotes: { ACME: '100' } })

/** A policy's command must pass its target's schema exactly as the engine will check it. */
function expectValid(command: ReactionCommand): void {
  const aggregate = trading.aggregates.find((a) => a.name === command.aggregate && a.commands[command.command])
  expect(aggregate, `${command.aggregate}.${command.command}`).toBeDefined()
  const valid = validateCommand(command.command, aggregate!.commands[command.command], command.data)
  expect(valid.ok ? 'valid' : valid.rejection.message).toBe('valid')
}

describe('ForwardOrderToBroker', () => {
  it('sends the placed order to the broker with its terms, without the portfolio estimate', () => {
    const log = new Log()
    log.append('Portfolio-p1', history(Portfolio, [
      ['OpenPortfolio', { portfolioId: 'p1', name: 'P' }],
      ['ReceiveFunds', { portfolioId: 'p1', transferId: 't1', amount: '5000' }],
      ['PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'limit', limitPrice: '90', timeInForce: 'gtc' }],
    ], at100))
    const commands = ForwardOrderToBroker.react(log.last('OrderPlaced'), readContext(log.envelopes))
    expect(commands).toEqual([{
      command: 'PlaceOrder', aggregate: 'Order',
      data: { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'limit', limitPrice: '90.00', timeInForce: 'gtc' },
    }])
    expectValid(commands[0])
  })
})

describe('SettleTrade and ReportOrderFailure', () => {
  const place: Step = ['PlaceOrder', { orderId: 'o1', portfolioId: 'p1', symbol: 'ACME', side: 'sell', quantity: 3, orderType: 'market' }]

  it('books a fulfilled order on its portfolio', () => {
    const log = new Log()
    log.append('Order-o1', history(Order, [place, ['CompleteOrder', { orderId: 'o1', price: '101.25', quantity: 3 }]]))
    const commands = SettleTrade.react(log.last('OrderFulfilled'), readContext(log.envelopes))
    expect(commands).toEqual([{ command: 'ProcessTrade', aggregate: 'Portfolio', data: { portfolioId: 'p1', orderId: 'o1', price: '101.25', quantity: 3 } }])
    expectValid(commands[0])
  })

  it('reports a canceled order to its portfolio with the reason', () => {
    const log = new Log()
    log.append('Order-o1', history(Order, [place, ['CancelOrder', { orderId: 'o1', reason: 'no_quote' }]]))
    const commands = ReportOrderFailure.react(log.last('OrderCanceled'), readContext(log.envelopes))
    expect(commands).toEqual([{ command: 'AcknowledgeOrderFailure', aggregate: 'Portfolio', data: { portfolioId: 'p1', orderId: 'o1', reason: 'no_quote' } }])
    expectValid(commands[0])
  })
})

describe('CreditDeposit', () => {
  it('credits a confirmed deposit to its portfolio, amount read from the Transfers read model', () => {
    const log = new Log()
    log.append('WireTransfer-t1', history(WireTransfer, [['RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '5000', source: 'bank' }], ['ConfirmTransfer', { transferId: 't1' }]]))
    const commands = CreditDeposit.react(log.last('TransferConfirmed'), readContext(log.envelopes))
    expect(commands).toEqual([{ command: 'ReceiveFunds', aggregate: 'Portfolio', data: { portfolioId: 'p1', transferId: 't1', amount: '5000.00' } }])
    expectValid(commands[0])
  })

  it('does nothing for a confirmed withdrawal', () => {
    const log = new Log()
    log.append('WireTransfer-t2', history(WireTransfer, [['SendFunds', { transferId: 't2', portfolioId: 'p1', amount: '50', destination: 'bank' }], ['ConfirmTransfer', { transferId: 't2' }]]))
    expect(CreditDeposit.react(log.last('TransferConfirmed'), readContext(log.envelopes))).toEqual([])
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
    const commands = WireWithdrawal.react(withdrawal, readContext(log.envelopes))
    expect(commands).toEqual([{ command: 'SendFunds', aggregate: 'WireTransfer', data: { transferId: 't2', portfolioId: 'p1', amount: '700.00', destination: 'bank-2' } }])
    expectValid(commands[0])
  })

  it('does nothing for the debit of a trade', () => {
    const log = new Log()
    log.append('Portfolio-p1', portfolio)
    expect(log.last('FundsDebited').data.orderId).toBe('o1')
    expect(WireWithdrawal.react(log.last('FundsDebited'), readContext(log.envelopes))).toEqual([])
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
    const refund = RefundOnRejection.react(log.last('TransferRejected'), readContext(log.envelopes))
    expect(refund).toEqual([{ command: 'RefundSender', aggregate: 'WireTransfer', data: { transferId: 't2' } }])
    expectValid(refund[0])
    const accept = RefundOnRejection.react(log.last('SenderRefunded'), readContext(log.envelopes))
    expect(accept).toEqual([{ command: 'AcceptRefund', aggregate: 'Portfolio', data: { portfolioId: 'p1', transferId: 't2', amount: '700.00' } }])
    expectValid(accept[0])
  })

  it('does nothing for a rejected deposit (no money left the portfolio)', () => {
    const log = new Log()
    log.append('WireTransfer-t1', history(WireTransfer, [['RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '5', source: 'bank' }], ['RejectTransfer', { transferId: 't1', reason: 'no funds' }]]))
    expect(RefundOnRejection.react(log.last('TransferRejected'), readContext(log.envelopes))).toEqual([])
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
