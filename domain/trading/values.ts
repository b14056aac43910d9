import { z } from 'zod'
import { Dec, isDecimalText, type EventEnvelope } from '../kernel/index.ts'

/** A stock symbol as the quote service knows it: upper-case letters, digits and dots, 1–10 characters. */
export const SYMBOL = /^[A-Z0-9][A-Z0-9.]{0,9}$/

/** An id chosen by the caller (UUIDv7 from the UI, readable ids in flows). */
export const idSchema = z.string().min(1, 'must not be empty')

/** A stock symbol field ("ACME", "BRK.B"). */
export const symbolSchema = z.string().regex(SYMBOL, 'must be 1–10 upper-case letters, digits or dots ("ACME", "BRK.B")')

/** A number of shares: a positive integer. */
export const quantitySchema = z.number().int('must be a whole number of shares').positive('must be a positive number of shares')

/** Free text a person or an external system gives (a reason, a bank account). */
export const textSchema = z.string().min(1, 'must not be empty')

function fractionDigits(text: string): number {
  const dot = text.indexOf('.')
  return dot < 0 ? 0 : text.length - dot - 1
}

function positiveDecimal(value: string, digits: number): boolean {
  return isDecimalText(value) && fractionDigits(value) <= digits && new Dec(value).gt(0)
}

/** A price: a decimal string above zero with at most 6 fraction digits (DOMAIN.md: prices keep up to 6). */
export const priceSchema = z.string().refine((v) => positiveDecimal(v, 6), 'must be a decimal string above 0 with at most 6 fraction digits')

/** An amount of money: a decimal string above zero in whole cents. */
export const amountSchema = z.string().refine((v) => positiveDecimal(v, 2), 'must be a decimal string above 0 with at most 2 fraction digits')

/** The stream of a portfolio: `Portfolio-<id>`. */
export function portfolioStream(portfolioId: string): string {
  return `Portfolio-${portfolioId}`
}

/** The portfolio an event of a Portfolio stream belongs to (its events need not repeat the id). */
export function portfolioIdOf(event: EventEnvelope): string {
  return event.stream.slice('Portfolio-'.length)
}
