import { z } from 'zod'
import type { Projection } from '../../kernel/index.ts'
import { symbolSchema } from '../command-fields.ts'
import { priceHistoryOf, type PriceHistoryAnswer } from './price-chart.ts'
import { applyValueEvent, type PortfolioValueState } from './value-book.ts'
import { valueSeriesOf, type ValueSeries } from './value-series.ts'

/**
 * The PortfolioValue read model: each portfolio's book after every deposit, withdrawal, refund and fill,
 * folded once as the events come (never refolded per question). Its queries value it over time with the
 * prices known at each moment (PortfolioValue) and chart a symbol's prices with the fills (PriceHistory).
 */
export const PortfolioValueProjection: Projection<PortfolioValueState> = {
  name: 'PortfolioValue',
  init: () => ({ books: {} }),
  on: ['PortfolioOpened', 'FundsCredited', 'FundsDebited', 'RefundAccepted'],
  apply: applyValueEvent,
  queries: {
    PortfolioValue: {
      params: z.strictObject({
        portfolioId: z.string(),
        maxPoints: z.number().int('must be a whole number').min(2, 'must be at least 2').max(100_000, 'must be at most 100,000').optional(),
      }),
      run: (state, params, context): ValueSeries | null => {
        const book = state.books[params.portfolioId as string]
        return book === undefined ? null : valueSeriesOf(book, context, (params.maxPoints as number | undefined) ?? 400)
      },
    },
    PriceHistory: {
      params: z.strictObject({ symbol: symbolSchema, portfolioId: z.string().optional() }),
      run: (state, params, context): PriceHistoryAnswer => {
        const book = params.portfolioId === undefined ? undefined : state.books[params.portfolioId as string]
        return priceHistoryOf(params.symbol as string, book, context)
      },
    },
  },
}
