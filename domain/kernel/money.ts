import Decimal from 'decimal.js'

/** Decimal arithmetic for money and prices: never JS floats; half-even rounding as DOMAIN.md says. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 })
export type Dec = Decimal

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/

/** True for a plain decimal string such as "1009.99" (no exponent, no spaces, no sign but minus). */
export function isDecimalText(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_TEXT.test(value)
}

/** A decimal from trusted text (already validated); throws on a bug. */
export function dec(value: string | number | Decimal): Decimal {
  return new Dec(value)
}

const SIMPLE_MONEY = /^(-?)(\d{1,15})(?:\.(\d{1,2}))?$/

/** An amount of money as text: rounded half-even to 2 fraction digits ("1009.99"). */
export function money(value: Decimal | string): string {
  // Text with at most 2 fraction digits needs no rounding, only its form: done without a Decimal, as it
  // is for most amounts a command carries ("250", "1009.9"). Same answer as below (a test compares them).
  const simple = typeof value === 'string' ? SIMPLE_MONEY.exec(value) : null
  if (simple) {
    const whole = simple[2].replace(/^0+(?=\d)/, '')
    const fraction = (simple[3] ?? '').padEnd(2, '0')
    const negative = simple[1] === '-' && (whole !== '0' || fraction !== '00')
    return `${negative ? '-' : ''}${whole}.${fraction}`
  }
  return new Dec(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)
}

/** A price as text: rounded half-even to at most 6 fraction digits, trailing zeros trimmed to 2. */
export function price(value: Decimal | string): string {
  const text = new Dec(value).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed(6)
  return text.replace(/(\.\d\d\d*?)0+$/, '$1')
}

/** Sum of decimal strings as a decimal. */
export function sum(values: Iterable<string | Decimal>): Decimal {
  let total = new Dec(0)
  for (const value of values) total = total.plus(value)
  return total
}

/** Numeric equality of two decimal strings ("50000" equals "50000.00"). */
export function sameAmount(a: string, b: string): boolean {
  return isDecimalText(a) && isDecimalText(b) && new Dec(a).equals(b)
}
