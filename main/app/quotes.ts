import { price, reject, type Quote } from '../../domain/kernel/index.ts'
import { checkPrice, checkSymbol } from '../../domain/trading/symbols-and-prices.ts'

/** The quote service port (an external system): the current price per symbol. */
export interface QuoteService {
  get(symbol: string): Quote | undefined
  /** Sets prices (practice mode, flows); returns the symbols whose price changed. */
  set(prices: Record<string, string>, at: string): string[]
  all(): Quote[]
  /** A simulated market's move as the clock ticks (random walk, imported history); returns the changed symbols. */
  tick?(at: string): string[]
}

/** Quotes held in memory and set explicitly: the market of flows and of practice mode. */
export class ManualQuotes implements QuoteService {
  private readonly quotes = new Map<string, Quote>()

  get(symbol: string): Quote | undefined {
    return this.quotes.get(symbol)
  }

  /**
   * Sets prices, all or none: a symbol or a price that an order would refuse (symbols-and-prices.ts) throws
   * INVALID_SYMBOL / INVALID_PRICE naming `market.<SYMBOL>`, and no quote changes. What is thrown is a
   * refusal of the caller's input, a Rejection (a CodedError too), which the engine answers with its code.
   */
  set(prices: Record<string, string>, at: string): string[] {
    for (const [symbol, value] of Object.entries(prices)) {
      const problem = checkSymbol(symbol, `market.${symbol}`) ?? checkPrice(value, `market.${symbol}`)
      if (problem) throw reject(problem.code, problem.message, problem.details)
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
