import { describe, expect, it } from 'vitest'
import { WireTransfer } from '../../../domain/trading/wire-transfer.ts'
import { given } from '../../support/gwt.ts'
import { history } from './fixtures.ts'

type Step = [string, Record<string, unknown>]
const request: Step = ['RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '5000', source: 'bank-1' }]
const send: Step = ['SendFunds', { transferId: 't2', portfolioId: 'p1', amount: '700', destination: 'bank-2' }]
const requested = history(WireTransfer, [request])
const sent = history(WireTransfer, [send])
const rejectedWithdrawal = history(WireTransfer, [send, ['RejectTransfer', { transferId: 't2', reason: 'account closed' }]])

describe('RequestFunds (a deposit)', () => {
  it('requests the funds from the source', () => {
    given(WireTransfer).when(...request).then([{ type: 'FundsRequested', data: { transferId: 't1', portfolioId: 'p1', amount: '5000.00', source: 'bank-1' } }])
  })

  it.each(['0', '-1', '0.001', 'lots'])('rejects amount %s with INVALID_AMOUNT', (amount) => {
    given(WireTransfer).when('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount, source: 'bank-1' }).thenRejects('INVALID_AMOUNT', 'amount')
  })

  it('changes nothing when the same request arrives again, and rejects other details with DUPLICATE_TRANSFER', () => {
    given(WireTransfer, requested).when('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '5000.00', source: 'bank-1' }).thenNothing()
    given(WireTransfer, requested).when('RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '5', source: 'bank-1' }).thenRejects('DUPLICATE_TRANSFER')
    given(WireTransfer, requested).when('SendFunds', { transferId: 't1', portfolioId: 'p1', amount: '5000', destination: 'bank-1' }).thenRejects('DUPLICATE_TRANSFER')
  })
})

describe('SendFunds (a withdrawal, policy only)', () => {
  it('sends the funds to the destination', () => {
    given(WireTransfer).when(...send).then([{ type: 'FundsSent', data: { transferId: 't2', portfolioId: 'p1', amount: '700.00', destination: 'bank-2' } }])
  })

  it('is issued by policies only, as RefundSender is', () => {
    expect(WireTransfer.commands.SendFunds.policyOnly).toBe(true)
    expect(WireTransfer.commands.RefundSender.policyOnly).toBe(true)
    expect(WireTransfer.commands.RequestFunds.policyOnly).toBeFalsy()
  })

  it('changes nothing when the same withdrawal arrives again', () => {
    given(WireTransfer, sent).when(...send).thenNothing()
  })

  it('rejects amount 0 with INVALID_AMOUNT', () => {
    given(WireTransfer).when('SendFunds', { transferId: 't2', portfolioId: 'p1', amount: '0', destination: 'bank-2' }).thenRejects('INVALID_AMOUNT', 'amount')
  })
})

describe('ConfirmTransfer and RejectTransfer (the wire system)', () => {
  it('confirms a deposit and a withdrawal', () => {
    given(WireTransfer, requested).when('ConfirmTransfer', { transferId: 't1' }).then([{ type: 'TransferConfirmed', data: { transferId: 't1', portfolioId: 'p1' } }])
    given(WireTransfer, sent).when('ConfirmTransfer', { transferId: 't2' }).then([{ type: 'TransferConfirmed', data: { transferId: 't2' } }])
  })

  it('rejects a transfer with the reason', () => {
    given(WireTransfer, sent).when('RejectTransfer', { transferId: 't2', reason: 'account closed' })
      .then([{ type: 'TransferRejected', data: { transferId: 't2', portfolioId: 'p1', reason: 'account closed' } }])
  })

  it('answers a transfer once: TRANSFER_SETTLED', () => {
    const confirmed = history(WireTransfer, [request, ['ConfirmTransfer', { transferId: 't1' }]])
    given(WireTransfer, confirmed).when('ConfirmTransfer', { transferId: 't1' }).thenRejects('TRANSFER_SETTLED')
    given(WireTransfer, confirmed).when('RejectTransfer', { transferId: 't1', reason: 'late' }).thenRejects('TRANSFER_SETTLED')
    given(WireTransfer, rejectedWithdrawal).when('ConfirmTransfer', { transferId: 't2' }).thenRejects('TRANSFER_SETTLED')
  })

  it('rejects a transfer never started with UNKNOWN_TRANSFER', () => {
    given(WireTransfer).when('ConfirmTransfer', { transferId: 'nope' }).thenRejects('UNKNOWN_TRANSFER')
    given(WireTransfer).when('RejectTransfer', { transferId: 'nope', reason: 'x' }).thenRejects('UNKNOWN_TRANSFER')
  })

  it('rejects a rejection without a reason with INVALID_COMMAND', () => {
    given(WireTransfer, sent).when('RejectTransfer', { transferId: 't2' }).thenRejects('INVALID_COMMAND', 'reason')
  })
})

describe('RefundSender (policy only)', () => {
  it('refunds a rejected withdrawal its amount', () => {
    given(WireTransfer, rejectedWithdrawal).when('RefundSender', { transferId: 't2' })
      .then([{ type: 'SenderRefunded', data: { transferId: 't2', portfolioId: 'p1', amount: '700.00' } }])
  })

  it('refunds once: again, nothing happens', () => {
    given(WireTransfer, history(WireTransfer, [send, ['RejectTransfer', { transferId: 't2', reason: 'x' }], ['RefundSender', { transferId: 't2' }]]))
      .when('RefundSender', { transferId: 't2' }).thenNothing()
  })

  it('rejects a transfer that is not a rejected withdrawal with TRANSFER_NOT_REFUNDABLE', () => {
    given(WireTransfer, sent).when('RefundSender', { transferId: 't2' }).thenRejects('TRANSFER_NOT_REFUNDABLE')
    given(WireTransfer, history(WireTransfer, [request, ['RejectTransfer', { transferId: 't1', reason: 'x' }]])).when('RefundSender', { transferId: 't1' }).thenRejects('TRANSFER_NOT_REFUNDABLE')
  })

  it('rejects a transfer never started with UNKNOWN_TRANSFER', () => {
    given(WireTransfer).when('RefundSender', { transferId: 'nope' }).thenRejects('UNKNOWN_TRANSFER')
  })
})
