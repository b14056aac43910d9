import type { QueryContext } from '../../kernel/index.ts'
import type { Side } from '../order-terms.ts'
import type { ValueBook } from './value-book.ts'

/** One imported daily bar, as a candle. */
export interface Candle {
  date: string
  open: string
  high: string
  low: string
  close: string
}

/** A fill of the portfolio in this symbol: the price chart's buy and sell markers. */
export interface FillMark {
  at: string
  side: Side
  quantity: number
  price: string
}

/** The PriceHistory answer: candles where daily bars exist, the price line, and the portfolio's fills. */
export interface PriceHistoryAnswer {
  symbol: string
  /** Imported daily bars up to now (or the replayed moment), oldest first. */
  candles: Candle[]
  /** Every known price in time order: daily closes and bars, fills, and the current quote (not when replaying). */
  line: Array<{ at: string; price: string }>
  fills: FillMark[]
}

/**
 * A symbol's prices for its chart: the imported bars (candles), the line through every price known
 * (daily closes, bars' closes, this portfolio's fills, the quote now) and the portfolio's fills, up to
 * now or, when replaying, up to the replayed moment.
 */
export function priceHistoryOf(symbol: string, book: ValueBook | undefined, context: QueryContext): PriceHistoryAnswer {
  const end = context.asOf?.at ?? context.now
  const daily = (context.dailyPrices?.(symbol) ?? []).filter((p) => p.at <= end)
  const candles = daily.filter((p) => p.source === 'bar').map(({ date, open, high, low, close }) => ({ date, open: open!, high: high!, low: low!, close }))
  const fills = (book?.fills[symbol] ?? []).map((i) => book!.steps[i]).map((s): FillMark => ({ at: s.at, side: s.kind as Side, quantity: s.quantity!, price: s.price! }))
  const line = [...daily.map((p) => ({ at: p.at, price: p.close })), ...fills.map((f) => ({ at: f.at, price: f.price }))]
  const quote = context.asOf === undefined ? context.quote(symbol) : undefined
  if (quote) line.push({ at: quote.at > end ? quote.at : end, price: quote.price })
  line.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  return { symbol, candles, line, fills }
}
