import { join } from 'node:path'
import { SystemClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import type { Engine } from '../../../main/app/engine.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { log, median, now } from '../util.ts'

/** tradesPerSec: full market-order cascades dispatched one after the other, durable. */
export interface TradeFigures {
  tradesPerSec: number
  eventsPerTrade: number
  rounds: number[]
}

async function ok(result: ReturnType<Engine['dispatch']>): Promise<number> {
  const r = await result
  if (!r.ok) throw new Error(`trade refused: ${r.error.code} ${r.error.message}`)
  return r.events.length
}

/**
 * A market order's whole cascade per dispatch (PlaceOrder → OrderPlaced → OrderReceived →
 * OrderFulfilled → settlement), buys and sells alternating, each awaited before the next.
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
    for (let i = 0; i < 50; i++) await trade()
    const rounds: number[] = []
    let events = 0
    for (let r = 0; r < options.rounds; r++) {
      const start = now()
      for (let i = 0; i < options.count; i++) events += await trade()
      rounds.push(options.count / ((now() - start) / 1000))
      log(`trade round ${r + 1}/${options.rounds}: ${rounds[r].toFixed(0)} cascades/s`)
    }
    return { tradesPerSec: median(rounds), eventsPerTrade: events / (options.rounds * options.count), rounds }
  } finally {
    await ws.close()
  }
}
