import { describe, expect, it } from 'vitest'
import { trading } from '../../../../domain/trading/index.ts'
import { WireSystem } from '../../../../domain/trading/policies/wire-system.ts'
import { WireTransfer } from '../../../../domain/trading/wire-transfer.ts'
import { givenLog } from '../../../support/gwt.ts'
import { history, Log } from '../fixtures.ts'

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
    givenLog(trading, log).whenEvent(WireSystem, log.last('FundsRequested')).then([{ command: 'ConfirmTransfer', data: { transferId: 't1' } }])
    givenLog(trading, log, { settings: { wire: 'auto' } })
      .whenEvent(WireSystem, log.last('FundsSent'))
      .then([{ command: 'ConfirmTransfer', data: { transferId: 't2' } }])
  })

  it('waits for a person in manual mode', () => {
    const log = new Log()
    log.append('WireTransfer-t1', deposit)
    givenLog(trading, log, { settings: { wire: 'manual' } }).whenEvent(WireSystem, log.last('FundsRequested')).thenNothing()
  })

  it('does not answer a transfer twice (a redelivered event)', () => {
    const log = new Log()
    log.append('WireTransfer-t1', history(WireTransfer, [['RequestFunds', { transferId: 't1', portfolioId: 'p1', amount: '10', source: 'bank' }], ['ConfirmTransfer', { transferId: 't1' }]]))
    givenLog(trading, log).whenEvent(WireSystem, log.last('FundsRequested')).thenNothing()
  })
})
