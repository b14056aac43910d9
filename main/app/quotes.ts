import type { Quote } from '../../domain/kernel/index.ts'
import { isDecimalText, price } from '../../domain/kernel/index.ts'
import { StormbookError } from '../store/errors.ts'

/** The quote service port (an external system): the current price per symbol. */
export interface QuoteService {
  get(symbol: string): Quote | undefined
  /** Sets prices (practice mode, flows); returns the symbols whose price changed. */
  set(prices: Record<string, string>, at: string): string[]
  all(): Quote[]
  /** A simulated market's move as the clock ticks (random walk, imported history); returns the changed symbols. */
  tick?(at: string): string[]
}

const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/

/** Quotes held in memory and set explicitly: the market of flows and of practice mode. */
export class ManualQuotes implements QuoteService {
  private readonly quotes = new Map<string, Quote>()

  get(symbol: string): Quote | undefined {
    return this.quotes.get(symbol)
  }

  set(prices: Record<string, string>, at: string): string[] {
    for (const [symbol, value] of Object.entries(prices)) {
      if (!SYMBOL.test(symbol)) throw new StormbookError('INVALID_SYMBOL', `market: "${symbol}" is not a ticker symbol (A-Z, digits, dot; up to 10)`, { field: `market.${symbol}` })
      if (!isDecimalText(value) || Number(value) <= 0) throw new StormbookError('INVALID_PRICE', `market.${symbol}: "${String(value)}" is not a positive decimal price`, { field: `market.${symbol}` })
    }
    const changed: string[] = []
    for (const [symbol, value] of Object.entries(prices)) {
      const next = price(value)
      if (this.quotes.get(symbol)?.price !== next) changed.push(symbol)
      this.quotes.set(symbol, { symbol, price: next, at })
    }
    return changed
  }

  all(): Quote[] {
    return [...this.quotes.values()]
  }
}
