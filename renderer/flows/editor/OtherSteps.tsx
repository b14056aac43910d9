import { fieldText, jsonValue } from '../field-value.ts'
import { expectedEvents } from './CommandStep.tsx'
import { TextField } from './fields.tsx'
import { objectAt, withField, type StepContext } from './step-context.ts'

/** JSON typed into a field: the value when it reads, else the text as typed (the engine then names the problem). */
const json = (text: string): unknown => {
  const parsed = jsonValue(text)
  return parsed.ok ? parsed.value : text
}

/** A `given` step: events seeded as they are (stream, type, data, actor, when), without the commands that made them. */
export function givenStep(ctx: StepContext) {
  const events = Array.isArray(ctx.step.given) ? (ctx.step.given as Array<Record<string, unknown>>) : []
  const setEvents = (list: Array<Record<string, unknown>>) => ctx.update((s) => ({ ...s, given: list }))
  const put = (j: number, key: string, value: unknown) => setEvents(events.map((e, k) => (k === j ? withField(e, key, value) : e)))
  return (
    <fieldset className="flow-given" aria-label="Given events">
      <legend>Given: events already in the log</legend>
      {events.map((e, j) => {
        const at = `${ctx.path}.given[${j}]`
        return (
          <div key={j} className="flow-row">
            <TextField label="Stream" hint="Aggregate-id" placeholder="Customer-acme" value={String(e.stream ?? '')} errors={ctx.claims.at(`${at}.stream`)} readOnly={ctx.readOnly} onChange={(t) => put(j, 'stream', t)} />
            <TextField label="Event type" value={String(e.type ?? '')} errors={ctx.claims.at(`${at}.type`)} readOnly={ctx.readOnly} onChange={(t) => put(j, 'type', t)} />
            <TextField label="Actor" hint="optional" value={String(e.actor ?? '')} errors={ctx.claims.at(`${at}.actor`)} readOnly={ctx.readOnly} onChange={(t) => put(j, 'actor', t === '' ? undefined : t)} />
            <TextField label="At" hint="optional, when it happened: 2027-01-04T09:00:00Z" value={String(e.at ?? '')} errors={ctx.claims.at(`${at}.at`)} readOnly={ctx.readOnly} onChange={(t) => put(j, 'at', t === '' ? undefined : t)} />
            <TextField label="Data" hint="JSON object" multiline value={fieldText(e.data ?? {})} errors={[...ctx.claims.at(`${at}.data`), ...ctx.claims.at(at)]} readOnly={ctx.readOnly} onChange={(t) => put(j, 'data', json(t) ?? {})} />
            {!ctx.readOnly && events.length > 1 && <button type="button" className="ghost small" aria-label={`Remove given event ${j + 1}`} onClick={() => setEvents(events.filter((_, k) => k !== j))}>✕</button>}
          </div>
        )
      })}
      {!ctx.readOnly && <button type="button" className="small" onClick={() => setEvents([...events, { stream: '', type: '', data: {} }])}>+ Given event</button>}
    </fieldset>
  )
}

/** An `advance` step: the clock moves on by an ISO-8601 duration; what the external systems answer (an order expiring) may be expected. */
export function advanceStep(ctx: StepContext) {
  return (
    <>
      <TextField label="Advance the clock by" hint="ISO-8601 duration, e.g. P3D, PT2H30M" value={String(ctx.step.advance ?? '')} errors={ctx.claims.at(`${ctx.path}.advance`)} readOnly={ctx.readOnly} onChange={(t) => ctx.update((s) => ({ ...s, advance: t }))} />
      {expectedEvents(ctx)}
    </>
  )
}

/** A `market` step: prices set by symbol; the trade service then reacts. */
export function marketStep(ctx: StepContext) {
  const prices = Object.entries(objectAt(ctx.step, 'market'))
  const setPrices = (list: Array<[string, unknown]>) => ctx.update((s) => ({ ...s, market: Object.fromEntries(list) }))
  return (
    <>
      <fieldset className="flow-market" aria-label="Prices">
        <legend>Prices</legend>
        {prices.map(([symbol, price], j) => (
          <div key={j} className="flow-row">
            <TextField label="Symbol" value={symbol} errors={[]} readOnly={ctx.readOnly} onChange={(t) => setPrices(prices.map((p, k) => (k === j ? [t.toUpperCase(), p[1]] : p)))} />
            <TextField label="Price" hint="decimal" inputMode="decimal" value={String(price ?? '')} errors={ctx.claims.at(`${ctx.path}.market.${symbol}`)} readOnly={ctx.readOnly} onChange={(t) => setPrices(prices.map((p, k) => (k === j ? [p[0], t.replace(/,/g, '')] : p)))} />
            {!ctx.readOnly && prices.length > 1 && <button type="button" className="ghost small" aria-label={`Remove ${symbol}`} onClick={() => setPrices(prices.filter((_, k) => k !== j))}>✕</button>}
          </div>
        ))}
        {!ctx.readOnly && <button type="button" className="small" onClick={() => setPrices([...prices, ['', '']])}>+ Price</button>}
      </fieldset>
      {expectedEvents(ctx)}
    </>
  )
}

/** A `hotspot` step: a question for the workshop, pinned to this point of the flow. */
export function hotspotStep(ctx: StepContext) {
  return <TextField label="Hotspot" hint="a question or a doubt" multiline value={String(ctx.step.hotspot ?? '')} errors={ctx.claims.at(`${ctx.path}.hotspot`)} readOnly={ctx.readOnly} onChange={(t) => ctx.update((s) => ({ ...s, hotspot: t }))} />
}

/** A `query` step: a read model asked, its result compared with the one expected. */
export function queryStep(ctx: StepContext) {
  const expect = objectAt(ctx.step, 'expect')
  return (
    <>
      <div className="flow-row">
        <TextField label="Query" value={String(ctx.step.query ?? '')} errors={ctx.claims.at(`${ctx.path}.query`)} readOnly={ctx.readOnly} onChange={(t) => ctx.update((s) => ({ ...s, query: t }))} />
        <TextField label="As of position" hint="optional" inputMode="numeric" value={fieldText(ctx.step.asOf)} errors={ctx.claims.at(`${ctx.path}.asOf`)} readOnly={ctx.readOnly} onChange={(t) => ctx.update((s) => withField(s, 'asOf', t.trim() === '' ? undefined : /^\d+$/.test(t.trim()) ? Number(t.trim()) : t))} />
      </div>
      <TextField label="Params" hint="JSON, optional" multiline value={fieldText(ctx.step.params)} errors={ctx.claims.at(`${ctx.path}.params`)} readOnly={ctx.readOnly} onChange={(t) => ctx.update((s) => withField(s, 'params', json(t)))} />
      <TextField label="Expected result" hint="JSON" multiline value={fieldText(expect.result)} errors={ctx.claims.at(`${ctx.path}.expect`)} readOnly={ctx.readOnly} onChange={(t) => ctx.update((s) => ({ ...s, expect: { result: json(t) ?? null } }))} />
    </>
  )
}
