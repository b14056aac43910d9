import { z } from 'zod'
import { isPositiveDecimal, isPrice, isSymbol, PRICE_RULE, SYMBOL_RULE } from './symbols-and-prices.ts'

// The schemas of the fields Trading's commands share (ids, symbols, quantities, prices, amounts).

/** An id chosen by the caller (UUIDv7 from the UI, readable ids in flows). */
export const idSchema = z.string().min(1, 'must not be empty')

/** A stock symbol field ("ACME", "BRK.B"): the rule of symbols-and-prices.ts. */
export const symbolSchema = z.string().refine(isSymbol, SYMBOL_RULE)

/** A number of shares: a positive integer. */
export const quantitySchema = z.number().int('must be a whole number of shares').positive('must be a positive number of shares')

/** Free text a person or an external system gives (a reason, a bank account). */
export const textSchema = z.string().min(1, 'must not be empty')

/** A price: the rule of symbols-and-prices.ts (above zero, at most 6 fraction digits). */
export const priceSchema = z.string().refine(isPrice, PRICE_RULE)

/** An amount of money: a decimal string above zero in whole cents. */
export const amountSchema = z.string().refine((v) => isPositiveDecimal(v, 2), 'must be a decimal string above 0 with at most 2 fraction digits')
