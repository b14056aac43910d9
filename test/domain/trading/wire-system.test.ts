import { describe, expect, it } from 'vitest'
import { WireSystem } from '../../../domain/trading/wire-system.ts'
import { WireTransfer } from '../../../domain/trading/wire-transfer.ts'
import { history, Log, readContext } from './fixtures.ts'

const deposit = history(WireTransfer, [['RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '10', source: 'bank' }]])
const withdrawal = history(WireTransfer, [['SendFunds', { transferId: 't2', portfolioId: 'p1', amount: '10', destination: 'bank' }]])

describe('WireSystem', () => {
  it('is an external system reacting to FundsRequested and FundsSent', () => {
    expect(WireSystem.kind).toBe('external')
    expect(WireSystem.on).toEqual(['FundsRequested', 'FundsSent'])
  })

  it('confirms deposits and withdrawals at once in auto mode, the default', () => {
    const log = new Log()
    log.append('WireTransfer-t1', deposit)
    log.append('WireTransfer-t2', withdrawal)
    expect(WireSystem.react(log.last('FundsRequested'), readContext(log.envelopes))).toEqual([{ command: 'ConfirmTransfer', data: { transferId: 't1' } }])
    expect(WireSystem.react(log.last('FundsSent'), readContext(log.envelopes, { settings: { wire: 'auto' } }))).toEqual([{ command: 'ConfirmTransfer', data: { transferId: 't2' } }])
  })

  it('waits for a person in manual mode', () => {
    const log = new Log()
    log.append('WireTransfer-t1', deposit)
    expect(WireSystem.react(log.last('FundsRequested'), readContext(log.envelopes, { settings: { wire: 'manual' } }))).toEqual([])
  })

  it('does not answer a transfer twice (a redelivered event)', () => {
    const log = new Log()
    log.append('WireTransfer-t1', history(WireTransfer, [['RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '10', source: 'bank' }], ['ConfirmTransfer', { transferId: 't1' }]]))
    expect(WireSystem.react(log.last('FundsRequested'), readContext(log.envelopes))).toEqual([])
  })
})
