import { describe, expect, it } from 'vitest'
import { trading } from '../../../../domain/trading/index.ts'
import { Portfolio } from '../../../../domain/trading/portfolio.ts'
import { WireTransfer } from '../../../../domain/trading/wire-transfer.ts'
import { givenLog, testContext } from '../../../support/gwt.ts'
import { history, Log } from '../fixtures.ts'
import { CreditDeposit, RefundOnRejection, WireWithdrawal } from '../../../../domain/trading/policies/wire-flow.ts'

const at100 = testContext({ quotes: { ACME: '100' } })

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
