import type { CommandField, CommandInfo } from '../../workspace/flows.ts'
import { fieldText, fieldValue, jsonValue } from '../field-value.ts'
import { SelectField, TextField } from './fields.tsx'
import { objectAt, withField, type StepContext } from './step-context.ts'

const TYPE_HINTS: Partial<Record<CommandField['type'], string>> = {
  decimal: 'decimal, e.g. 12,000.50',
  integer: 'whole number',
  number: 'number',
  date: 'date, e.g. 2027-03-31',
  object: 'JSON object',
  array: 'JSON list',
}

/** The registry's commands by context, for the picker (commands only policies issue are marked). */
function commandOptions(commands: readonly CommandInfo[]) {
  const contexts = [...new Set(commands.map((c) => c.context))].sort()
  return contexts.map((context) => (
    <optgroup key={context} label={context}>
      {commands.filter((c) => c.context === context).map((c) => (
        <option key={`${c.aggregate}.${c.command}`} value={`${c.aggregate}.${c.command}`}>{c.command} ({c.aggregate}){c.policyOnly ? ' · by a policy' : ''}</option>
      ))}
    </optgroup>
  ))
}

/** One data field of the command, drawn by its type. */
function dataField(ctx: StepContext, field: CommandField, data: Record<string, unknown>) {
  const path = `${ctx.path}.data.${field.name}`
  const set = (value: unknown) => ctx.update((s) => ({ ...s, data: withField(objectAt(s, 'data'), field.name, value) }))
  const label = `${field.name}${field.required ? ' *' : ''}`
  const errors = ctx.claims.at(path)
  if (field.type === 'enum' || field.type === 'boolean') {
    const options = field.type === 'enum' ? (field.options ?? []) : ['true', 'false']
    return (
      <SelectField key={field.name} label={label} value={fieldText(data[field.name])} errors={errors} disabled={ctx.readOnly} onChange={(v) => set(v === '' ? undefined : field.type === 'boolean' ? v === 'true' : v)}>
        <option value="">—</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </SelectField>
    )
  }
  return (
    <TextField
      key={field.name}
      label={label}
      hint={TYPE_HINTS[field.type] ?? field.description}
      value={fieldText(data[field.name])}
      errors={errors}
      readOnly={ctx.readOnly}
      multiline={field.type === 'object' || field.type === 'array'}
      inputMode={field.type === 'decimal' ? 'decimal' : field.type === 'integer' ? 'numeric' : undefined}
      onChange={(text) => set(fieldValue(field, text))}
    />
  )
}

/** The expected events of a command or market step: each a type and, optionally, the data it must carry. */
export function expectedEvents(ctx: StepContext) {
  const expect = objectAt(ctx.step, 'expect')
  const events = Array.isArray(expect.events) ? (expect.events as unknown[]) : []
  const setExpect = (next: Record<string, unknown>) => ctx.update((s) => withField(s, 'expect', Object.keys(next).length > 0 ? next : undefined))
  const setEvents = (list: unknown[]) => setExpect(withField(expect, 'events', list.length > 0 ? list : undefined))
  return (
    <fieldset className="flow-expect" aria-label="Expected events">
      <legend>Then: expected events</legend>
      {events.map((e, j) => {
        const type = typeof e === 'string' ? e : String((e as { type?: unknown }).type ?? '')
        const data = typeof e === 'object' && e !== null ? (e as { data?: unknown }).data : undefined
        const at = `${ctx.path}.expect.events[${j}]`
        const put = (nextType: string, nextData: unknown) => setEvents(events.map((old, k) => (k === j ? (nextData === undefined ? nextType : { type: nextType, data: nextData }) : old)))
        return (
          <div key={j} className="flow-row">
            <TextField label={`Event ${j + 1}`} value={type} errors={ctx.claims.at(`${at}.type`)} readOnly={ctx.readOnly} onChange={(t) => put(t, data)} />
            <TextField label="with data" hint="JSON, optional" multiline value={data === undefined ? '' : fieldText(data)} errors={[...ctx.claims.at(`${at}.data`), ...ctx.claims.at(at)]} readOnly={ctx.readOnly}
              onChange={(text) => { const v = jsonValue(text); put(type, v.ok ? v.value : text) }} />
            {!ctx.readOnly && <button type="button" className="ghost small" aria-label={`Remove expected event ${j + 1}`} onClick={() => setEvents(events.filter((_, k) => k !== j))}>✕</button>}
          </div>
        )
      })}
      {!ctx.readOnly && <button type="button" className="small" onClick={() => setEvents([...events, ''])}>+ Expected event</button>}
      <label className="inline"><input type="checkbox" checked={expect.only === true} disabled={ctx.readOnly} onChange={(e) => setExpect(withField(expect, 'only', e.target.checked ? true : undefined))} /> Only these events</label>
    </fieldset>
  )
}

/** A `when` step: who, which command of the registry, its data by its schema, and what should follow. */
export function commandStep(ctx: StepContext) {
  const { step, path, commands } = ctx
  const name = String(step.command ?? '')
  const candidates = commands.filter((c) => c.command === name)
  const info = candidates.find((c) => c.aggregate === step.aggregate) ?? candidates[0]
  const data = objectAt(step, 'data')
  const known = new Set(info?.fields.map((f) => f.name) ?? [])
  const extra = Object.keys(data).filter((k) => !known.has(k))
  const expect = objectAt(step, 'expect')
  const pick = (value: string) => {
    const [aggregate, command] = value.split('.')
    const ambiguous = commands.filter((c) => c.command === command).length > 1
    const fields = new Set(commands.find((c) => c.command === command && c.aggregate === aggregate)?.fields.map((f) => f.name) ?? [])
    // The data the new command has fields for is kept; the rest would only be refused.
    const kept = Object.fromEntries(Object.entries(data).filter(([k]) => fields.has(k)))
    ctx.update((s) => withField({ ...s, command, data: kept }, 'aggregate', ambiguous ? aggregate : undefined))
  }
  return (
    <>
      <div className="flow-row">
        <TextField label="Actor" value={String(step.actor ?? '')} errors={ctx.claims.at(`${path}.actor`)} readOnly={ctx.readOnly} onChange={(t) => ctx.update((s) => withField(s, 'actor', t === '' ? undefined : t))} />
        <SelectField label="Command" value={info ? `${info.aggregate}.${info.command}` : ''} errors={[...ctx.claims.at(`${path}.command`), ...ctx.claims.at(`${path}.aggregate`)]} disabled={ctx.readOnly} onChange={pick}>
          <option value="">{name && !info ? `${name} (not in the registry)` : 'Choose a command…'}</option>
          {commandOptions(commands)}
        </SelectField>
      </div>
      {info && info.fields.length > 0 && (
        <fieldset className="flow-data" aria-label={`Data of ${info.command}`}>
          <legend>Data</legend>
          <div className="flow-grid">
            {info.fields.map((f) => dataField(ctx, f, data))}
            {extra.map((k) => dataField(ctx, { name: k, type: 'string', required: false }, data))}
          </div>
        </fieldset>
      )}
      {expect.rejected === undefined ? expectedEvents(ctx) : null}
      <div className="flow-row">
        <TextField label="Or expect a refusal" hint="its code, e.g. NOT_QUALIFIED" value={String(expect.rejected ?? '')} errors={ctx.claims.at(`${path}.expect.rejected`)} readOnly={ctx.readOnly}
          onChange={(t) => ctx.update((s) => { const next = withField(objectAt(s, 'expect'), 'rejected', t === '' ? undefined : t); return withField(s, 'expect', Object.keys(next).length > 0 ? next : undefined) })} />
        <TextField label="Command id" hint="optional: to show a retry" value={String(step.commandId ?? '')} errors={ctx.claims.at(`${path}.commandId`)} readOnly={ctx.readOnly} onChange={(t) => ctx.update((s) => withField(s, 'commandId', t === '' ? undefined : t))} />
      </div>
    </>
  )
}
