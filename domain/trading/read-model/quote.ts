import { z } from 'zod'
import type { Projection, Quote } from '../../kernel/index.ts'

/** The Quote query: the quote service's current price of a symbol, or null when it has none. Holds no state. */
export const QuoteProjection: Projection<Record<string, never>> = {
  name: 'Quote',
  init: () => ({}),
  on: [],
  apply: (state) => state,
  queries: {
    Quote: {
      params: z.object({ symbol: z.string() }),
      run: (_state, params, context): Quote | null => {
        const quote = context.quote(params.symbol as string)
        return quote === undefined ? null : { symbol: quote.symbol, price: quote.price, at: quote.at }
      },
    },
  },
}
