import { z } from 'zod'
import { SYMBOL_PATTERN, SYMBOL_RULE } from './symbols-and-prices.ts'

/**
 * The Trading context's workspace settings: the cost basis of P&L, whether the wire system answers by
 * itself, the simulated market's practice controls (seed, seconds between ticks, 0 = the market moves only
 * when prices are set; paused; day-by-day replay of imported histories) and the trader's watch list.
 */
export const tradingSettings = z.object({
  costBasis: z.enum(['average', 'fifo']).default('average'),
  wire: z.enum(['auto', 'manual']).default('auto'),
  marketSeed: z.number().int().default(1),
  marketTickSeconds: z.number().min(0).max(86_400).refine((s) => s === 0 || s >= 0.1, 'at least 0.1 seconds between ticks (0: no ticks)').default(10),
  marketPaused: z.boolean().default(false),
  marketReplay: z.boolean().default(false),
  /** The symbols the trader's watch list shows, in order. */
  watchList: z.array(z.string().regex(SYMBOL_PATTERN, SYMBOL_RULE)).max(100).default([]),
})
