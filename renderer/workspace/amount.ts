/** What the rep typed as an amount, as the decimal string a command carries, or the problem in plain words. */
export type ParsedAmount = { ok: true; value: string } | { ok: false; message: string }

const PROBLEM = 'Amount must be a number, like 12,000.50'

/**
 * Reads an amount as people type it: "12,000", "12000.50", "$12,000", " 48 000 " → "12000", "12000.50"…
 * Commas are thousands separators only where they group by three; a minus sign is refused (amounts are
 * zero or more); more than two decimals is left to the engine, which rounds half-even to cents.
 */
export function parseAmount(text: string): ParsedAmount {
  let cleaned = text.trim().replace(/^(US)?\$\s*/i, '').replace(/\s*(USD)$/i, '').replace(/[\s\u00a0]/g, '')
  if (cleaned === '') return { ok: false, message: 'Amount is required, like 12,000.50' }
  if (cleaned.startsWith('-')) return { ok: false, message: 'Amount cannot be negative.' }
  if (cleaned.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(cleaned)) return { ok: false, message: PROBLEM }
    cleaned = cleaned.replace(/,/g, '')
  }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return { ok: false, message: PROBLEM }
  if (cleaned.endsWith('.')) cleaned = cleaned.slice(0, -1)
  if (cleaned.startsWith('.')) cleaned = `0${cleaned}`
  return { ok: true, value: cleaned }
}
