import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { flowText } from '../../../main/flows/flow-file.ts'
import { clockGapMatters, durationBetween, FlowRecorder } from '../../../main/flows/recorder.ts'
import { runFlowText } from '../../../main/flows/run-flow-file.ts'
import { specFromLog } from '../../../main/flows/spec-from-log.ts'

const order = (orderId: string, extra: Record<string, unknown>) => ({ actor: 'trader', command: 'PlaceOrder', aggregate: 'Portfolio', data: { portfolioId: 'p', orderId, symbol: 'ACME', side: 'buy', quantity: 2, ...extra } })

describe('recording a flow', () => {
  it('turns the commands sent while recording into steps with actors, their cascades into expectations, the state they needed into given events', async () => {
    const clock = new SimulatedClock('2027-01-04T14:00:00Z')
    const engine = memoryEngine(contexts, clock)
    await engine.dispatch({ actor: 'trader', command: 'OpenPortfolio', data: { portfolioId: 'p', name: 'P' } })
    await engine.dispatch({ actor: 'trader', command: 'RequestFunds', data: { transferId: 't', portfolioId: 'p', amount: '1000', source: 'bank' } })
    const recorder = new FlowRecorder(engine)
    expect(recorder.start()).toEqual({ recording: true, from: 4, commands: 0 })
    await engine.market({ ACME: '100' })
    await engine.dispatch(order('m', { orderType: 'market' }))
    clock.advance('PT1H')
    await engine.dispatch(order('l', { orderType: 'limit', limitPrice: '90', timeInForce: 'gtc' }))
    await engine.market({ ACME: '89.5' })
    await engine.dispatch({ actor: 'facilitator', command: 'RaiseHotspot', data: { hotspotId: 'h', text: 'Who sets the limit?', anchor: { position: 5 } } })
    expect(recorder.status()).toMatchObject({ recording: true, commands: 4 })
    const { flow } = recorder.stop('Buying ACME')
    expect(recorder.status()).toEqual({ recording: false })
    expect(flow).toMatchObject({ flow: 'Buying ACME', start: '2027-01-04T14:00:00.000Z' })
    expect(flow.steps).toMatchObject([
      { given: [{ stream: 'Portfolio-p', type: 'PortfolioOpened', actor: 'trader' }, { stream: 'Portfolio-p', type: 'FundsCredited' }] },
      { market: { ACME: '100.00' } },
      { actor: 'trader', command: 'PlaceOrder', aggregate: 'Portfolio', data: { orderId: 'm' }, expect: { only: true, events: [{ type: 'OrderPlaced' }, { type: 'OrderReceived' }, { type: 'OrderFulfilled', data: { price: '100.00' } }, { type: 'FundsDebited' }, { type: 'SharesCredited' }] } },
      { advance: 'PT1H' },
      { actor: 'trader', command: 'PlaceOrder', data: { orderId: 'l' } },
      { market: { ACME: '89.50' }, expect: { events: [{ type: 'OrderFulfilled', data: { orderId: 'l', price: '89.50' } }, { type: 'FundsDebited' }, { type: 'SharesCredited' }] } },
      { hotspot: 'Who sets the limit?' },
    ])
    expect(flow.steps).toHaveLength(7)
    expect(() => specFromLog(engine, engine.store.lastPosition)).toThrow(expect.objectContaining({ code: 'SPEC_NOT_A_COMMAND', message: expect.stringContaining("RaiseHotspot (position 15) is a facilitator's note") }))
    const report = await runFlowText(flowText(flow), { contexts })
    expect(report.steps.filter((s) => !s.ok)).toEqual([])
    await engine.close()
  })

  it('leaves the think time between commands out, keeps what crosses a market close, and replays a day order’s expiry once', async () => {
    const clock = new SimulatedClock('2027-01-04T20:00:00Z')
    const engine = memoryEngine(contexts, clock)
    await engine.dispatch({ actor: 'trader', command: 'OpenPortfolio', data: { portfolioId: 'p', name: 'P' } })
    await engine.dispatch({ actor: 'trader', command: 'RequestFunds', data: { transferId: 't', portfolioId: 'p', amount: '1000', source: 'bank' } })
    const recorder = new FlowRecorder(engine)
    recorder.start()
    clock.advance('PT4.2S')
    await engine.market({ ACME: '100' })
    clock.advance('PT2.5S')
    await engine.dispatch(order('day', { orderType: 'limit', limitPrice: '90', timeInForce: 'day' }))
    clock.advance('PT0.8S')
    await engine.dispatch(order('gtc', { orderType: 'limit', limitPrice: '80', timeInForce: 'gtc' }))
    const before = clock.now()
    clock.advance('PT59M55S') // 21:00:02.5: the market closed at 21:00 UTC
    await engine.clockMoved(before)
    expect(engine.store.readRange(1, engine.store.lastPosition).filter((e) => e.type === 'OrderCanceled').map((e) => [e.meta.actor, e.data.orderId, e.data.reason])).toEqual([['TradeService', 'day', 'expired']])
    const { flow } = recorder.stop('A day order expires')
    expect(flow.start).toBe('2027-01-04T20:00:06.700Z')
    expect(flow.steps.map((s) => Object.keys(s).find((k) => k !== 'note' && k !== 'expect'))).toEqual(['given', 'actor', 'actor', 'advance'])
    expect(flow.steps.at(-1)).toEqual({ advance: 'PT59M55.8S', note: 'the clock moves on: TradeService CancelOrder', expect: { events: [{ type: 'OrderCanceled', data: { orderId: 'day', portfolioId: 'p', reason: 'expired' } }, { type: 'OrderFailed', data: { orderId: 'day', reason: 'expired' } }] } })
    const report = await runFlowText(flowText(flow), { contexts, keepLog: true })
    expect(report.steps.filter((s) => !s.ok)).toEqual([])
    expect(report.log!.filter((e) => e.type === 'OrderCanceled')).toHaveLength(1)
    await engine.close()
  })

  it('keeps a gap of an hour or more, or across midnight; leaves out minutes', () => {
    expect(clockGapMatters('2027-01-05T10:00:00Z', '2027-01-05T10:59:59Z')).toBe(false)
    expect(clockGapMatters('2027-01-05T10:00:00Z', '2027-01-05T11:00:00Z')).toBe(true)
    expect(clockGapMatters('2027-01-05T23:59:00Z', '2027-01-06T00:01:00Z')).toBe(true)
    expect(clockGapMatters('2027-01-05T20:59:00Z', '2027-01-05T21:00:00Z')).toBe(true)
    expect(clockGapMatters('2027-01-05T10:00:00Z', '2027-01-05T09:00:00Z')).toBe(false)
    expect(durationBetween('2027-01-05T10:00:00Z', '2027-01-07T12:30:00.250Z')).toBe('P2DT2H30M0.25S')
    expect(durationBetween('2027-01-05T10:00:00Z', '2027-01-05T10:00:00Z')).toBe('PT0S')
  })

  it('says so when nothing was sent while recording (FLOW_NOTHING_RECORDED), and stops', async () => {
    const engine = memoryEngine(contexts, new SimulatedClock('2027-01-04T14:00:00Z'))
    const recorder = new FlowRecorder(engine)
    recorder.start()
    expect(() => recorder.stop('Nothing')).toThrow(expect.objectContaining({ code: 'FLOW_NOTHING_RECORDED' }))
    expect(recorder.status()).toEqual({ recording: false })
    expect(() => recorder.stop('Again')).toThrow(expect.objectContaining({ code: 'NOT_RECORDING' }))
    await engine.close()
  })
})
