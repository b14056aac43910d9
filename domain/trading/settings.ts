import { z } from 'zod'

/**
 * The Trading context's workspace settings: the cost basis of P&L, whether the wire system answers by
 * itself, and the simulated market's seed and tick (0 = the market moves only when prices are set).
 */
export const tradingSettings = z.object({
  costBasis: z.enum(['average', 'fifo']).default('average'),
  wire: z.enum(['auto', 'manual']).default('auto'),
  marketSeed: z.number().int().default(1),
  marketTickSeconds: z.number().int().min(0).max(86_400).default(10),
})
