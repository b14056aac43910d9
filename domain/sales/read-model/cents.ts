import { Dec, money } from '../../kernel/index.ts'

// Running totals are folded hundreds of thousands of times on a replay; decimal.js takes some µs an
// operation there, exact integer cents (BigInt) a fraction of that. Amounts stay decimal text in the state.

const TWO_PLACES = /^-?\d+\.\d\d$/

/** An amount of money as exact integer cents ("1009.99" → 100999n); rounds half-even past the cent. */
export function toCents(amount: string): bigint {
  return BigInt(TWO_PLACES.test(amount) ? amount.replace('.', '') : new Dec(money(amount)).times(100).toFixed(0))
}

/** Integer cents as money text (100999n → "1009.99"). */
export function fromCents(cents: bigint): string {
  const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0')
  return `${cents < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`
}

/** Adds amounts of money exactly: `plusMoney("10.50", "-0.25")` → "10.25". */
export function plusMoney(a: string, b: string, sign: 1 | -1 = 1): string {
  return fromCents(toCents(a) + (sign === 1 ? toCents(b) : -toCents(b)))
}

/** The exact sum of amounts of money, as money text. */
export function sumMoney(amounts: Iterable<string>): string {
  let cents = 0n
  for (const amount of amounts) cents += toCents(amount)
  return fromCents(cents)
}
