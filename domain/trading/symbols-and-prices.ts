import { Dec, isDecimalText, type CodedError } from '../kernel/index.ts'

/*
 * The one set of rules for a ticker symbol and a price, used wherever one enters Stormbook: an order's
 * terms, a fill, a quote set by hand (`market.set`, a flow's `market` step) and an imported daily history
 * (`market import`). What an order refuses, the market refuses too, so no quote exists that no order can use.
 */

/** A ticker symbol: an upper-case letter, then up to 9 upper-case letters, digits or dots ("ACME", "BRK.B"). */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.]{0,9}$/

/** How a symbol must look, in words (the message of every refusal). */
export const SYMBOL_RULE = 'must be an upper-case letter then up to 9 upper-case letters, digits or dots ("ACME", "BRK.B")'

/** The fraction digits a price keeps at most (DOMAIN.md: prices keep up to 6). */
const PRICE_DIGITS = 6

/** How a price must look, in words (the message of every refusal). */
export const PRICE_RULE = `must be a decimal string above 0 with at most ${PRICE_DIGITS} fraction digits ("101.25")`

/** Whether a value is a ticker symbol. */
export function isSymbol(value: unknown): value is string {
  return typeof value === 'string' && SYMBOL_PATTERN.test(value)
}

/** Fraction digits of decimal text ("1.250" → 3). */
function fractionDigits(text: string): number {
  const dot = text.indexOf('.')
  return dot < 0 ? 0 : text.length - dot - 1
}

/** Whether a value is decimal text above zero with at most `digits` fraction digits. */
export function isPositiveDecimal(value: unknown, digits: number): value is string {
  return isDecimalText(value) && fractionDigits(value) <= digits && new Dec(value).gt(0)
}

/** Whether a value is a price: decimal text above 0 with at most 6 fraction digits (never rounded to 0). */
export function isPrice(value: unknown): value is string {
  return isPositiveDecimal(value, PRICE_DIGITS)
}

/** `INVALID_SYMBOL` naming `field`, or undefined when `value` is a ticker symbol. */
export function checkSymbol(value: unknown, field: string): CodedError | undefined {
  if (isSymbol(value)) return undefined
  return { code: 'INVALID_SYMBOL', message: `${field}: "${String(value)}" is not a ticker symbol: it ${SYMBOL_RULE}`, details: { field, value } }
}

/** `INVALID_PRICE` naming `field`, or undefined when `value` is a price. */
export function checkPrice(value: unknown, field: string): CodedError | undefined {
  if (isPrice(value)) return undefined
  return { code: 'INVALID_PRICE', message: `${field}: "${String(value)}" is not a price: it ${PRICE_RULE}`, details: { field, value } }
}
