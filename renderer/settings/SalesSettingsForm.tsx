import { useState } from 'react'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import { stageProbabilities } from '../../domain/sales/stages.ts'
import { CURRENCY_CODE } from '../../domain/sales/currency.ts'
import { salesSettings } from '../../domain/sales/settings.ts'
import { updateSettings } from '../workspace/host.ts'
import { useWorkspace } from '../workspace/store.ts'
import { toast } from '../workspace/toasts.ts'

const STAGES = [
  ['prospecting', 'Prospecting'],
  ['qualification', 'Qualification'],
  ['proposal', 'Proposal'],
  ['closed_won', 'Won'],
  ['closed_lost', 'Lost'],
] as const

type Stage = (typeof STAGES)[number][0]

/** A percentage as typed ("60", "60%", "12.5") → a probability (0.6), or the problem in plain words. */
export function parsePercent(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const cleaned = text.trim().replace(/%$/, '').trim()
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(cleaned)) return { ok: false, message: 'Must be a percentage from 0 to 100, like 60.' }
  const value = Number(cleaned)
  if (value > 100) return { ok: false, message: 'Must be a percentage from 0 to 100, like 60.' }
  return { ok: true, value: Math.round(value * 100) / 10000 }
}

/**
 * The sales rep's settings: their own name (the actor of every command they send), each stage's
 * probability (the weight of the weighted pipeline), after how many quiet days a deal is stale, and the
 * currency amounts are shown in. The
 * host validates them again (unknown keys and bad values refused with a code).
 */
export function SalesSettingsForm() {
  const info = useWorkspace((s) => s.info)
  const actor = useWorkspace((s) => s.actor)
  const settings = info?.settings ?? {}
  const probabilities = stageProbabilities(settings)
  const [name, setName] = useState(typeof settings.actor === 'string' ? settings.actor : actor)
  const [percent, setPercent] = useState<Record<Stage, string>>(() => Object.fromEntries(STAGES.map(([s]) => [s, String(Math.round(Number(probabilities[s]) * 10000) / 100)])) as Record<Stage, string>)
  const [staleDays, setStaleDays] = useState(String(salesSettings(settings).staleDays))
  const [currency, setCurrency] = useState(salesSettings(settings).currency)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [refused, setRefused] = useState<CodedError | null>(null)

  const save = async () => {
    const problems: Record<string, string> = {}
    const parsed: Record<string, number> = {}
    for (const [stage] of STAGES) {
      const p = parsePercent(percent[stage])
      if (p.ok) parsed[stage] = p.value
      else problems[stage] = p.message
    }
    if (!/^\d+$/.test(staleDays.trim()) || Number(staleDays) < 1) problems.staleDays = 'Must be a whole number of days, 1 or more.'
    if (!CURRENCY_CODE.test(currency.trim().toUpperCase())) problems.currency = 'Must be a three-letter currency code, like USD or EUR.'
    if (!name.trim()) problems.actor = 'Write your name: it is recorded as who did each command.'
    else if (name.trim().length > 200) problems.actor = 'At most 200 characters.'
    setErrors(problems)
    setRefused(null)
    if (Object.keys(problems).length > 0) return
    const result = await updateSettings({ ...settings, actor: name.trim(), stageProbabilities: parsed, staleDays: Number(staleDays), currency: currency.trim().toUpperCase() })
    if (!result.ok) return setRefused(result.error)
    await useWorkspace.getState().load()
    toast({ kind: 'info', message: 'Settings saved.' })
  }

  const error = (key: string) => errors[key] && <div className="field-error" role="alert">{errors[key]}</div>
  return (
    <form className="sales-settings" aria-label="Sales settings" onSubmit={(e) => (e.preventDefault(), void save())} noValidate>
      <h3>Sales</h3>
      <label>Your name <input name="actor" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.actor} /></label>
      {error('actor')}
      <fieldset>
        <legend>Chance a deal in each stage is won (%)</legend>
        {STAGES.map(([stage, label]) => (
          <div key={stage}>
            <label>{label} <input name={`probability-${stage}`} inputMode="decimal" value={percent[stage]} onChange={(e) => setPercent({ ...percent, [stage]: e.target.value })} aria-invalid={!!errors[stage]} /></label>
            {error(stage)}
          </div>
        ))}
      </fieldset>
      <label>A deal is stale after this many quiet days <input name="staleDays" inputMode="numeric" value={staleDays} onChange={(e) => setStaleDays(e.target.value)} aria-invalid={!!errors.staleDays} /></label>
      {error('staleDays')}
      <label>Show amounts in (currency code) <input name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)} aria-invalid={!!errors.currency} /></label>
      {error('currency')}
      {refused && <div className="field-error" role="alert">{refused.message} <code className="code">{refused.code}</code></div>}
      <button type="submit" className="primary" disabled={info?.readOnly}>Save settings</button>
    </form>
  )
}
