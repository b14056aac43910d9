import { z } from 'zod'

/** The Trading context's workspace settings: the cost basis of P&L, and whether the wire system answers by itself. */
export const tradingSettings = z.object({
  costBasis: z.enum(['average', 'fifo']).default('average'),
  wire: z.enum(['auto', 'manual']).default('auto'),
})

/** Trading settings with their defaults applied. */
export type TradingSettings = z.output<typeof tradingSettings>
