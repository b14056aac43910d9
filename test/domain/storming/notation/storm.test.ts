import { beforeAll, describe, expect, it } from 'vitest'
import { causationChain, cascadeOf } from '../../../../domain/storming/notation/causation.ts'
import { stormOf, columnAt, type Storm } from '../../../../domain/storming/notation/storm.ts'
import { sampleLogs, type SampleLog } from '../../../support/sample-logs.ts'

let logs: SampleLog[] = []
const log = (name: string) => logs.find((l) => l.file === `${name}.flow.json`)!
beforeAll(async () => {
  logs = await sampleLogs()
})

describe('the log read as an event storm', () => {
  it('draws every event of every sample flow exactly once, in one column per command, in log order', () => {
    expect(logs.length).toBeGreaterThanOrEqual(7)
    for (const { file, events } of logs) {
      const storm = stormOf(events)
      const drawn = storm.columns.flatMap((c) => c.events.map((e) => e.position))
      expect(drawn, file).toEqual(events.map((e) => e.position))
      for (const column of storm.columns) {
        expect(new Set(column.events.map((e) => e.meta.commandId)).size, `${file} #${column.first}`).toBe(1)
        expect(new Set(column.events.map((e) => e.stream)), `${file} #${column.first}`).toEqual(new Set([column.stream]))
        expect(column.first).toBe(column.events[0].position)
        expect(column.last).toBe(column.events[column.events.length - 1].position)
      }
      expect(storm.columns.map((c) => c.index)).toEqual(storm.columns.map((_, i) => i))
    }
  })

  it('names who issued each command: the actor, the policy, or the external system', () => {
    for (const { file, events } of logs) {
      for (const column of stormOf(events).columns) {
        const meta = column.events[0].meta
        if (meta.policy) expect(column.issuer, file).toEqual({ kind: 'policy', name: meta.policy })
        else if (meta.actor === 'TradeService') expect(column.issuer).toEqual({ kind: 'external', name: 'Trade service' })
        else if (meta.actor === 'WireSystem' || meta.actor === 'wire-system') expect(column.issuer).toEqual({ kind: 'external', name: 'Wire system' })
        else expect(column.issuer, file).toEqual({ kind: 'actor', name: meta.actor })
      }
    }
    const withdrawal = stormOf(log('trading-bounced-withdrawal').events).columns
    expect(withdrawal.map((c) => `${c.issuer.kind}:${c.issuer.name} ${c.command} → ${c.aggregate}: ${c.events.map((e) => e.type).join(', ')}`)).toEqual([
      'actor:trader OpenPortfolio → Portfolio: PortfolioOpened',
      'actor:trader RequestFunds → WireTransfer: FundsRequested',
      'external:Wire system ConfirmTransfer → WireTransfer: TransferConfirmed',
      'policy:CreditDeposit ReceiveFunds → Portfolio: FundsCredited',
      'actor:trader SendFunds → Portfolio: FundsDebited',
      'policy:WireWithdrawal SendFunds → WireTransfer: FundsSent',
      'external:Wire system RejectTransfer → WireTransfer: TransferRejected',
      'policy:RefundOnRejection RefundSender → WireTransfer: SenderRefunded',
      'policy:RefundOnRejection AcceptRefund → Portfolio: RefundAccepted',
    ])
  })

  it('shows aggregates by the names people gave them, not by their ids', () => {
    const funnel = stormOf(log('sales-funnel').events)
    const created = funnel.columns.filter((c) => c.command === 'CreateOpportunity')
    expect(created.length).toBeGreaterThan(0)
    for (const column of created) expect(column.streamLabel).toBe(String(column.events[0].data.name))
    const customers = funnel.columns.filter((c) => c.command === 'RegisterCustomer')
    for (const column of customers) expect(column.streamLabel).toBe(String(column.events[0].data.name))
    const orders = stormOf(log('trading-market-buy-and-sell').events).columns.filter((c) => c.aggregate === 'Order')
    expect(orders.length).toBeGreaterThan(0)
    for (const column of orders) expect(column.streamLabel).toMatch(/^(Buy|Sell) \d+ [A-Z]+$/)
    // The portfolio that placed the order keeps its own name.
    const placed = stormOf(log('trading-market-buy-and-sell').events).columns.filter((c) => c.command === 'PlaceOrder' && c.aggregate === 'Portfolio')
    expect(placed.length).toBeGreaterThan(0)
    for (const column of placed) expect(column.streamLabel).not.toMatch(/^(Buy|Sell) /)
  })

  it('follows a causation chain from the command before to the last event of the cascade', () => {
    const storm: Storm = stormOf(log('contract-accepted-wins-the-deal').events)
    const accepted = storm.columns.find((c) => c.command === 'AcceptContract')!
    const won = storm.columns.find((c) => c.command === 'CloseOpportunity' && c.issuer.kind === 'policy')!
    expect(won.issuer.name).toBe('AutoWinOnContractAccepted')
    expect(causationChain(storm.columns, accepted.index)).toEqual([accepted.index, won.index])
    // From the policy's command, the chain reaches back to the command that caused it.
    expect(causationChain(storm.columns, won.index)).toEqual([accepted.index, won.index])
    // A command of another cascade is not in it.
    const qualify = storm.columns.find((c) => c.command === 'QualifyOpportunity')!
    expect(causationChain(storm.columns, accepted.index)).not.toContain(qualify.index)
    expect(cascadeOf(storm.columns, accepted.correlationId)).toEqual([accepted.index, won.index])
  })

  it('draws a trade as one cascade: order placed, forwarded, filled by the trade service, settled', () => {
    const storm = stormOf(log('trading-market-buy-and-sell').events)
    const place = storm.columns.find((c) => c.command === 'PlaceOrder' && c.issuer.kind === 'actor')!
    const chain = causationChain(storm.columns, place.index).map((i) => `${storm.columns[i].issuer.name}: ${storm.columns[i].command}`)
    expect(chain).toEqual(['trader: PlaceOrder', 'ForwardOrderToBroker: PlaceOrder', 'Trade service: CompleteOrder', 'SettleTrade: ProcessTrade'])
  })

  it('turns a refused policy command into a hotspot on its column', () => {
    const events = log('revenue-at-risk').events
    const refused = {
      ...events[events.length - 1],
      position: events.length + 1,
      id: 'refused-1',
      stream: 'Policy-RevenueAtRisk',
      type: 'PolicyCommandRejected',
      data: { policy: 'RevenueAtRisk', command: 'FlagRevenueAtRisk', data: {}, code: 'UNKNOWN_OPPORTUNITY', message: 'There is no such deal.' },
      meta: { ...events[events.length - 1].meta, context: 'engine', aggregate: 'Policy', command: 'FlagRevenueAtRisk', commandId: 'x/RevenueAtRisk/0', actor: null, policy: 'RevenueAtRisk' },
    }
    const storm = stormOf([...events, refused])
    const column = storm.columns[storm.columns.length - 1]
    expect(column.hotspots).toEqual([{ id: 'refused-1', text: 'FlagRevenueAtRisk refused: There is no such deal. (UNKNOWN_OPPORTUNITY)', status: 'open', source: 'rejected', position: refused.position }])
    expect(storm.hotspots.map((h) => h.id)).toEqual(['refused-1'])
  })

  it('pins raised hotspots to their anchor, follows their status, and keeps bookmarks aside', () => {
    const events = log('sales-funnel').events
    const at = (n: number) => ({ ...events[0], position: events.length + n, id: `s-${n}`, meta: { ...events[0].meta, context: 'storming', commandId: `s-${n}` } })
    const storming = [
      { ...at(1), stream: 'Hotspot-h1', type: 'HotspotRaised', data: { hotspotId: 'h1', text: 'Who qualifies a lead?', anchor: { eventId: events[2].id } }, meta: { ...at(1).meta, aggregate: 'Hotspot' } },
      { ...at(2), stream: 'Bookmark-b1', type: 'BookmarkPlaced', data: { bookmarkId: 'b1', name: 'after the proposal', position: 3 }, meta: { ...at(2).meta, aggregate: 'Bookmark' } },
      { ...at(3), stream: 'Hotspot-h1', type: 'HotspotResolved', data: { hotspotId: 'h1', resolution: 'the rep' }, meta: { ...at(3).meta, aggregate: 'Hotspot' } },
    ]
    const storm = stormOf([...events, ...storming])
    expect(storm.columns.flatMap((c) => c.events).length).toBe(events.length) // no columns for the storming context
    expect(storm.hotspots).toEqual([{ id: 'h1', text: 'Who qualifies a lead?', status: 'resolved', source: 'raised', position: 3 }])
    expect(columnAt(storm.columns, 3)!.hotspots.map((h) => h.id)).toEqual(['h1'])
    expect(storm.bookmarks).toEqual([{ bookmarkId: 'b1', name: 'after the proposal', position: 3 }])
  })
})
