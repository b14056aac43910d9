import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { ManualQuotes } from '../../../main/app/quotes.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { trading } from '../../../domain/trading/index.ts'

/*
 * The engine itself (not the test World): money and shares reach a portfolio only through policies and the
 * simulated external systems. An actor naming ReceiveFunds, AcceptRefund, ProcessTrade or
 * AcknowledgeOrderFailure is refused POLICY_ONLY and nothing is written; the policies still issue them.
 */

const trader = (command: string, data: Record<string, unknown>, aggregate?: string) => ({ command, aggregate, data, actor: 'trader' })
const wire = (command: string, data: Record<string, unknown>) => ({ command, data, actor: 'wire-system' })

async function manualWireBook() {
  const engine = memoryEngine([trading], new SimulatedClock('2027-01-04T09:00:00Z'), new ManualQuotes(), { wire: 'manual' })
  await engine.dispatch(trader('OpenPortfolio', { portfolioId: 'p1', name: 'Practice' }))
  await engine.dispatch(trader('RequestFunds', { transferId: 't-in', portfolioId: 'p1', amount: '5000', source: 'bank-1' }))
  return engine
}

const cash = (engine: ReturnType<typeof memoryEngine>) => {
  const summary = engine.query('PortfolioSummary', { portfolioId: 'p1' })
  return summary.ok ? (summary.value as { cash: string }).cash : summary.error.code
}

describe('an actor sending a command only policies issue', () => {
  it.each([
    ['ReceiveFunds', { portfolioId: 'p1', transferId: 't-x', amount: '1000000' }],
    ['AcceptRefund', { portfolioId: 'p1', transferId: 't-out', amount: '700' }],
    ['ProcessTrade', { portfolioId: 'p1', orderId: 'o1', price: '1', quantity: 10 }],
    ['AcknowledgeOrderFailure', { portfolioId: 'p1', orderId: 'o1', reason: 'canceled' }],
  ])('is refused POLICY_ONLY for %s, and nothing is written', async (command, data) => {
    const engine = await manualWireBook()
    await engine.dispatch(wire('ConfirmTransfer', { transferId: 't-in' }))
    await engine.dispatch(trader('SendFunds', { portfolioId: 'p1', transferId: 't-out', amount: '700', destination: 'bank-2' }, 'Portfolio'))
    await engine.dispatch(wire('ConfirmTransfer', { transferId: 't-out' }))
    const before = engine.store.lastPosition
    expect(await engine.dispatch(trader(command, data, 'Portfolio'))).toMatchObject({ ok: false, error: { code: 'POLICY_ONLY', details: { field: 'command' } } })
    expect(engine.store.lastPosition).toBe(before)
    expect(cash(engine)).toBe('4300.00')
  })
})

describe('the policies that issue them', () => {
  it('still credit a confirmed deposit (CreditDeposit → ReceiveFunds)', async () => {
    const engine = await manualWireBook()
    const confirmed = await engine.dispatch(wire('ConfirmTransfer', { transferId: 't-in' }))
    expect(confirmed.ok && confirmed.events.map((e) => [e.type, e.meta.policy])).toEqual([['TransferConfirmed', null], ['FundsCredited', 'CreditDeposit']])
    expect(cash(engine)).toBe('5000.00')
  })

  it('still refund a rejected withdrawal (RefundOnRejection → RefundSender → AcceptRefund), once', async () => {
    const engine = await manualWireBook()
    await engine.dispatch(wire('ConfirmTransfer', { transferId: 't-in' }))
    await engine.dispatch(trader('SendFunds', { portfolioId: 'p1', transferId: 't-out', amount: '700', destination: 'bank-2' }, 'Portfolio'))
    const rejected = await engine.dispatch(wire('RejectTransfer', { transferId: 't-out', reason: 'account closed' }))
    expect(rejected.ok && rejected.events.map((e) => [e.type, e.meta.policy])).toEqual([
      ['TransferRejected', null], ['SenderRefunded', 'RefundOnRejection'], ['RefundAccepted', 'RefundOnRejection'],
    ])
    expect(cash(engine)).toBe('5000.00')
  })

  it('still settle a fill and report a failed order (SettleTrade, ReportOrderFailure)', async () => {
    const engine = await manualWireBook()
    await engine.dispatch(wire('ConfirmTransfer', { transferId: 't-in' }))
    await engine.market({ ACME: '100' })
    const bought = await engine.dispatch(trader('PlaceOrder', { portfolioId: 'p1', orderId: 'o1', symbol: 'ACME', side: 'buy', quantity: 10, orderType: 'market' }, 'Portfolio'))
    expect(bought.ok && bought.events.filter((e) => e.meta.policy === 'SettleTrade').map((e) => e.type)).toEqual(['FundsDebited', 'SharesCredited'])
    await engine.dispatch(trader('PlaceOrder', { portfolioId: 'p1', orderId: 'o2', symbol: 'ACME', side: 'buy', quantity: 1, orderType: 'limit', limitPrice: '50' }, 'Portfolio'))
    const canceled = await engine.dispatch(trader('CancelOrder', { orderId: 'o2', reason: 'canceled' }))
    expect(canceled.ok && canceled.events.map((e) => [e.type, e.meta.policy])).toEqual([['OrderCanceled', null], ['OrderFailed', 'ReportOrderFailure']])
  })
})
