import { CURRENCY_CODE } from './currency.ts'

/** The display currency of a workspace whose settings name none. */
export const DEFAULT_CURRENCY = 'USD'

/**
 * The display currency out of the workspace settings as the engine hands them out (validated against
 * `salesSettingsSchema`, defaults filled in), read without the schema so the first screen need not load zod;
 * a value that is not a currency code reads as the default, as the schema's fallback does.
 */
export function currencySetting(settings: Readonly<Record<string, unknown>>): string {
  const currency = settings.currency
  return typeof currency === 'string' && CURRENCY_CODE.test(currency) ? currency : DEFAULT_CURRENCY
}
