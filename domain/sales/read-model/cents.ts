import { Dec, money } from '../../kernel/money.ts'

// Running totals are folded hundreds of thousands of times on a replay; decimal.js takes some µs an
// operation there. Money text with two places ("1009.99") is read as whole cents in a JS number, exact
// below 2^53 cents; anything else (more places, huge amounts) takes exact BigInt cents. Never a float
// of a fraction: amounts stay decimal text in the state.

const TWO_PLACES = /^-?\d+\.\d\d$/

/** Whole cents of money text with exactly two places and at most 15 digits ("-1009.99" → -100999), else NaN. */
function smallCents(amount: string): number {
  const length = amount.length
  const negative = amount.charCodeAt(0) === 45
  const start = negative ? 1 : 0
  const dot = length - 3
  if (dot <= start || dot - start > 13 || amount.charCodeAt(dot) !== 46) return Number.NaN
  let cents = 0
  for (let i = start; i < length; i++) {
    if (i === dot) continue
    const digit = amount.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return Number.NaN
    cents = cents * 10 + digit
  }
  return negative ? -cents : cents
}

/** An amount of money as exact integer cents ("1009.99" → 100999n); rounds half-even past the cent. */
export function toCents(amount: string): bigint {
  return BigInt(TWO_PLACES.test(amount) ? amount.replace('.', '') : new Dec(money(amount)).times(100).toFixed(0))
}

/** Integer cents as money text (100999n → "1009.99"). */
export function fromCents(cents: bigint | number): string {
  if (typeof cents === 'number' && Number.isSafeInteger(cents)) {
    // the fold's hot path: no padding or slicing of digit strings
    const whole = Math.abs(cents)
    const rest = whole % 100
    return `${cents < 0 ? '-' : ''}${(whole - rest) / 100}${rest < 10 ? '.0' : '.'}${rest}`
  }
  const negative = cents < 0
  const digits = (negative ? -cents : cents).toString().padStart(3, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`
}

/** Adds amounts of money exactly: `plusMoney("10.50", "-0.25")` → "10.25". */
export function plusMoney(a: string, b: string, sign: 1 | -1 = 1): string {
  const sum = smallCents(a) + sign * smallCents(b)
  if (Number.isSafeInteger(sum)) return fromCents(sum)
  return fromCents(toCents(a) + (sign === 1 ? toCents(b) : -toCents(b)))
}

/** The exact sum of amounts of money, as money text. */
export function sumMoney(amounts: Iterable<string>): string {
  let small = 0
  let big = 0n
  for (const amount of amounts) {
    const cents = smallCents(amount)
    if (Number.isSafeInteger(cents) && Number.isSafeInteger(small + cents)) small += cents
    else big += toCents(amount)
  }
  return fromCents(big + BigInt(small))
}
