import { join } from 'node:path'
import { SystemClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import type { Engine } from '../../../main/app/engine.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { log, now } from '../util.ts'

/**
 * tradesPerSec: full market-order cascades dispatched one after the other, durable; singlePerSec: the
 * single-event dispatch (an UpdateOpportunity in the same workspace) they alternate with, its baseline.
 */
export interface TradeFigures {
  tradesPerSec: number
  singlePerSec: number
  eventsPerTrade: number
  rounds: Array<{ trades: number; single: number }>
}

async function ok(result: ReturnType<Engine['dispatch']>): Promise<number> {
  const r = await result
  if (!r.ok) throw new Error(`trade refused: ${r.error.code} ${r.error.message}`)
  return r.events.length
}

/**
 * A market order's whole cascade per dispatch (PlaceOrder → OrderPlaced → OrderReceived →
 * OrderFulfilled → settlement), buys and sells alternating, each awaited before the next. Each trade
 * alternates with one single-event dispatch in the same workspace, timed apart: the disk's mood
 * (other processes' writes) then weighs on both alike.
 */
export async function measureTrades(workDir: string, options: { rounds: number; count: number }): Promise<TradeFigures> {
  const ws = await openWorkspace(join(workDir, 'trades'), { contexts, clock: new SystemClock() })
  try {
    const engine = ws.engine
    await engine.market({ ACME: '100' })
    await ok(engine.dispatch({ command: 'OpenPortfolio', data: { portfolioId: 'bench', name: 'Bench' } }))
    await ok(engine.dispatch({ command: 'RequestFunds', data: { transferId: 'seed', portfolioId: 'bench', amount: '100000000', source: 'bank' } }))
    let n = 0
    const trade = () => {
      const side = n % 2 === 0 ? 'buy' : 'sell'
      n++
      return ok(engine.dispatch({ command: 'PlaceOrder', aggregate: 'Portfolio', data: { portfolioId: 'bench', orderId: `o-${n}`, symbol: 'ACME', side, quantity: 10, orderType: 'market' } }))
    }
    await ok(engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' } }))
    await ok(engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'd-1', customerId: 'acme', name: 'Deal', kind: 'new', amount: '1000', closeDate: '2030-01-31', salesOwner: 'rep-1' } }))
    let amount = 1000
    const single = () => ok(engine.dispatch({ command: 'UpdateOpportunity', data: { opportunityId: 'd-1', amount: String(++amount) } }))
    for (let i = 0; i < 50; i++) {
      await trade()
      await single()
    }
    const rounds: TradeFigures['rounds'] = []
    let events = 0
    let tradeMs = 0
    let singleMs = 0
    for (let r = 0; r < options.rounds; r++) {
      let roundTrade = 0
      let roundSingle = 0
      for (let i = 0; i < options.count; i++) {
        let start = now()
        events += await trade()
        roundTrade += now() - start
        start = now()
        await single()
        roundSingle += now() - start
      }
      tradeMs += roundTrade
      singleMs += roundSingle
      rounds.push({ trades: options.count / (roundTrade / 1000), single: options.count / (roundSingle / 1000) })
      log(`trade round ${r + 1}/${options.rounds}: ${rounds[r].trades.toFixed(0)} cascades/s, single-event dispatches between them ${rounds[r].single.toFixed(0)}/s`)
    }
    const total = options.rounds * options.count
    return { tradesPerSec: total / (tradeMs / 1000), singlePerSec: total / (singleMs / 1000), eventsPerTrade: events / total, rounds }
  } finally {
    await ws.close()
  }
}
