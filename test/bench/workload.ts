import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from '../../domain/kernel/index.ts'
import { sales } from '../../domain/sales/index.ts'
import { Engine } from '../../main/app/engine.ts'
import { ManualQuotes } from '../../main/app/quotes.ts'
import { BulkLogStore } from './bulk-store.ts'
import { Rng } from './util.ts'

/**
 * The benchmark's workload: the product's Sales context as a sales team would use it for two years.
 *
 * - a few thousand customers (N/330, between 10 and 3,000), registered as deals first name them;
 * - about N/50 opportunities (new 50 %, expansion 30 %, renewal 20 %), about 2,500 worked at once
 *   (N/400), each living 8–92 commands: created, qualified, sent a proposal, and edited all along
 *   (UpdateOpportunity: amount 65 %, close date slipping 20 %, owner 8 %, name 7 %), then won
 *   (AcceptContract and the AutoWinOnContractAccepted policy 25 %, CloseOpportunity won 20 %) or lost
 *   (55 %, from any stage); the last ones are still open when the log ends;
 * - about 0.2 % of commands reopen a recently closed deal, 0.3 % flag a customer's churn risk (the
 *   RevenueAtRisk policy then flags or clears that customer's expansion deals).
 *
 * Every command goes through the real Engine (schema validation, deciders, policies, projections),
 * so the envelopes are exactly the engine's; only the durability is skipped (BulkLogStore).
 */

export const REPS = Array.from({ length: 40 }, (_, i) => `rep-${String(i + 1).padStart(2, '0')}`)
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Müller', 'Søndergaard', 'Nakatomi', 'Vandelay', 'Zoë & Co']
const SUFFIXES = ['Ltd', 'GmbH', 'Inc', 'SA', 'AB', 'BV', 'SpA', 'KK']
const SEGMENTS = ['smb', 'mid-market', 'enterprise', null]
const DAY = 86_400_000

type Stage = 'prospecting' | 'qualification' | 'proposal'
type Plan = 'accept' | 'close-won' | 'lost'

interface Deal {
  id: string
  customerId: string
  kind: 'new' | 'expansion' | 'renewal'
  stage: Stage
  maxStage: Stage
  amount: string
  closeDate: string
  owner: string
  plan: Plan
  life: number
  done: number
}

/** What the builder made. */
export interface WorkloadStats {
  events: number
  commands: number
  customers: number
  opportunities: number
  openAtEnd: number
  byType: Record<string, number>
  bytes: number
  firstAt: string
  lastAt: string
  /** The Pipeline query's answer when the builder's engine finished (opening the log must give the same). */
  pipeline: unknown
}

/** The clock of a built log: an instant moved on by the builder before each command. */
class StepClock implements Clock {
  ms: number
  constructor(ms: number) {
    this.ms = ms
  }
  now(): string {
    return new Date(this.ms).toISOString()
  }
}

const STAGES: Stage[] = ['prospecting', 'qualification', 'proposal']
const stageRank = (stage: Stage) => STAGES.indexOf(stage)

export function randomAmount(rng: Rng, around?: string): string {
  const cents = around === undefined ? rng.int(1_000_00, 250_000_00) : Math.max(100_00, Math.round(Number(around) * 100 * (0.8 + rng.next() * 0.45)))
  return (cents / 100).toFixed(2)
}

/** An amount different from `current` (so UpdateOpportunity always records an event). */
export function otherAmount(rng: Rng, current: string): string {
  for (;;) {
    const next = randomAmount(rng, current)
    if (next !== current) return next
  }
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10)
}

/**
 * Builds `<dir>/events.jsonl` with exactly `events` events of the sales workload, streamed in chunks,
 * the log ending an hour before now. The folder is a workspace once openWorkspace has opened it.
 */
export async function buildSalesLog(dir: string, events: number, seed = 7, onProgress?: (done: number) => void): Promise<WorkloadStats> {
  mkdirSync(dir, { recursive: true })
  const rng = new Rng(seed)
  const store = new BulkLogStore(join(dir, 'events.jsonl'))
  const span = 730 * DAY
  const end = Date.now() - 3_600_000
  const clock = new StepClock(end - span)
  const engine = new Engine({ contexts: [sales], store, clock, quotes: new ManualQuotes(), settings: {}, cacheSize: Number.POSITIVE_INFINITY })
  const byType: Record<string, number> = {}
  engine.subscribe((list) => {
    for (const e of list) byType[e.type] = (byType[e.type] ?? 0) + 1
  })

  const customerCount = Math.min(3000, Math.max(10, Math.round(events / 330)))
  const working = Math.min(2500, Math.max(5, Math.round(events / 400)))
  const churn = new Map<string, 'low' | 'medium' | 'high'>()
  const registered: string[] = []
  const active: Deal[] = []
  const closed: Array<{ deal: Deal; from: Stage }> = []
  let opportunities = 0
  let commands = 0
  const avgStep = span / events
  const firstAt = clock.now()

  const send = async (command: string, data: Record<string, unknown>, actor: string) => {
    clock.ms += Math.floor(rng.next() * 2 * avgStep)
    commands++
    const result = await engine.dispatch({ command, data, actor })
    if (!result.ok) throw new Error(`workload: ${command} ${JSON.stringify(data)} was refused: ${result.error.code} ${result.error.message}`)
  }
  const today = () => clock.now().slice(0, 10)

  const register = async (): Promise<string> => {
    const i = rng.int(1, customerCount)
    const customerId = `c-${i}`
    if (!churn.has(customerId)) {
      const name = `${COMPANIES[i % COMPANIES.length]} ${i} ${SUFFIXES[i % SUFFIXES.length]}`
      await send('RegisterCustomer', { customerId, name, segment: SEGMENTS[i % SEGMENTS.length] }, rng.pick(REPS))
      churn.set(customerId, 'low')
      registered.push(customerId)
    }
    return customerId
  }

  const create = async () => {
    const customerId = await register()
    const r = rng.next()
    const kind = r < 0.5 ? 'new' : r < 0.8 ? 'expansion' : 'renewal'
    const p = rng.next()
    const plan: Plan = p < 0.25 ? 'accept' : p < 0.45 ? 'close-won' : 'lost'
    const m = rng.next()
    const maxStage: Stage = plan !== 'lost' || m >= 0.65 ? 'proposal' : m < 0.3 ? 'prospecting' : 'qualification'
    const deal: Deal = {
      id: `o-${++opportunities}`, customerId, kind, stage: 'prospecting', maxStage, plan,
      amount: randomAmount(rng), closeDate: addDays(today(), rng.int(14, 120)), owner: rng.pick(REPS),
      life: rng.int(8, 92), done: 0,
    }
    const name = `${kind[0].toUpperCase()}${kind.slice(1)} - ${customerId} #${opportunities}`
    await send('CreateOpportunity', { opportunityId: deal.id, customerId, name, kind, amount: deal.amount, closeDate: deal.closeDate, salesOwner: deal.owner }, deal.owner)
    active.push(deal)
  }

  const update = async (deal: Deal) => {
    const f = rng.next()
    const data: Record<string, unknown> = { opportunityId: deal.id }
    if (f < 0.65) data.amount = deal.amount = otherAmount(rng, deal.amount)
    else if (f < 0.85) data.closeDate = deal.closeDate = addDays(deal.closeDate, rng.int(7, 45))
    else if (f < 0.93) {
      const owner = REPS[(REPS.indexOf(deal.owner) + rng.int(1, REPS.length - 1)) % REPS.length]
      data.salesOwner = deal.owner = owner
    } else data.name = `${deal.kind} - ${deal.customerId} #${deal.id.slice(2)} rev ${deal.done}`
    await send('UpdateOpportunity', data, deal.owner)
  }

  const advance = async (deal: Deal, at: number): Promise<void> => {
    deal.done++
    const progress = deal.done / deal.life
    const rank = stageRank(deal.stage)
    const max = stageRank(deal.maxStage)
    if (deal.done >= deal.life) {
      if (rank < max) {
        await send(rank === 0 ? 'QualifyOpportunity' : 'SendProposal', { opportunityId: deal.id }, deal.owner)
        deal.stage = STAGES[rank + 1]
        return
      }
      const from = deal.stage
      if (deal.plan === 'accept') await send('AcceptContract', { opportunityId: deal.id }, deal.owner)
      else await send('CloseOpportunity', { opportunityId: deal.id, outcome: deal.plan === 'lost' ? 'lost' : 'won' }, deal.owner)
      active[at] = active[active.length - 1]
      active.pop()
      closed.push({ deal, from })
      if (closed.length > 2000) closed.splice(0, closed.length - 1000)
      return
    }
    if (rank < max && ((rank === 0 && progress >= 0.15) || (rank === 1 && progress >= 0.4))) {
      await send(rank === 0 ? 'QualifyOpportunity' : 'SendProposal', { opportunityId: deal.id }, deal.owner)
      deal.stage = STAGES[rank + 1]
      return
    }
    await update(deal)
  }

  const reopen = async () => {
    const at = rng.int(0, closed.length - 1)
    const { deal, from } = closed[at]
    closed[at] = closed[closed.length - 1]
    closed.pop()
    await send('ReopenOpportunity', { opportunityId: deal.id, reason: 'customer came back' }, deal.owner)
    const p = rng.next()
    deal.plan = p < 0.3 ? 'accept' : p < 0.5 ? 'close-won' : 'lost'
    deal.stage = from
    deal.maxStage = deal.plan === 'lost' ? from : 'proposal'
    deal.life = deal.done + rng.int(5, 30)
    if (deal.closeDate < today()) deal.closeDate = addDays(today(), rng.int(14, 60))
    active.push(deal)
  }

  const flagChurn = async () => {
    const customerId = rng.pick(registered)
    const current = churn.get(customerId)!
    let level: 'low' | 'medium' | 'high'
    if (current === 'high') level = rng.chance(0.5) ? 'low' : 'medium'
    else level = rng.chance(0.4) ? 'high' : current === 'low' ? 'medium' : 'low'
    await send('FlagChurnRisk', { customerId, level }, rng.pick(REPS))
    churn.set(customerId, level)
  }

  const margin = 200
  let reported = 0
  while (store.lastPosition < events - margin) {
    if (active.length < working) await create()
    else if (registered.length > 0 && rng.chance(0.003)) await flagChurn()
    else if (closed.length > 0 && rng.chance(0.002)) await reopen()
    else {
      const at = rng.int(0, active.length - 1)
      await advance(active[at], at)
    }
    if (onProgress && store.lastPosition - reported >= 100_000) {
      reported = store.lastPosition
      onProgress(reported)
    }
  }
  // The tail: single-event edits until the log holds exactly `events` events.
  if (active.length === 0) await create()
  while (store.lastPosition < events) await update(rng.pick(active))
  if (store.lastPosition !== events) throw new Error(`workload: built ${store.lastPosition} events, not ${events}`)
  const lastAt = clock.now()
  const pipeline = engine.query('Pipeline', {})
  if (!pipeline.ok) throw new Error(`workload: Pipeline query failed: ${pipeline.error.message}`)
  await engine.close()
  return {
    events: store.lastPosition, commands, customers: registered.length, opportunities, openAtEnd: active.length, byType,
    bytes: store.byteLength, firstAt, lastAt, pipeline: pipeline.value,
  }
}

/** Open opportunities of a live workspace with their amounts: targets for UpdateOpportunity. */
export function openDeals(engine: Engine): Map<string, string> {
  const result = engine.query('Opportunities', {})
  if (!result.ok) throw new Error(`Opportunities query failed: ${result.error.message}`)
  const rows = result.value as Array<{ opportunityId: string; stage: string; amount: string }>
  const deals = new Map<string, string>()
  for (const row of rows) if (row.stage === 'prospecting' || row.stage === 'qualification' || row.stage === 'proposal') deals.set(row.opportunityId, row.amount)
  return deals
}

/**
 * The commands the append figures dispatch: UpdateOpportunity on random open deals, each changing the
 * amount (one event, like most commands of the workload).
 */
export class EditFeed {
  private readonly ids: string[]
  private readonly amounts: Map<string, string>
  private readonly rng: Rng

  constructor(deals: Map<string, string>, seed: number) {
    if (deals.size === 0) throw new Error('EditFeed: no open deal to edit')
    this.amounts = deals
    this.ids = [...deals.keys()]
    this.rng = new Rng(seed)
  }

  next(): { command: string; data: Record<string, unknown>; actor: string } {
    const opportunityId = this.rng.pick(this.ids)
    const amount = otherAmount(this.rng, this.amounts.get(opportunityId)!)
    this.amounts.set(opportunityId, amount)
    return { command: 'UpdateOpportunity', data: { opportunityId, amount }, actor: this.rng.pick(REPS) }
  }
}

/** Registers customers and creates deals in a live workspace (durably, one dispatch each). */
export async function seedDeals(engine: Engine, customers: number, deals: number, seed: number): Promise<Map<string, string>> {
  const rng = new Rng(seed)
  const out = new Map<string, string>()
  const ok = (r: Awaited<ReturnType<Engine['dispatch']>>) => {
    if (!r.ok) throw new Error(`seed: ${r.error.code} ${r.error.message}`)
  }
  for (let i = 1; i <= customers; i++) ok(await engine.dispatch({ command: 'RegisterCustomer', data: { customerId: `c-${i}`, name: `${COMPANIES[i % COMPANIES.length]} ${i}` }, actor: 'rep-01' }))
  const today = new Date(Date.now()).toISOString().slice(0, 10)
  for (let i = 1; i <= deals; i++) {
    const amount = randomAmount(rng)
    ok(await engine.dispatch({
      command: 'CreateOpportunity',
      data: { opportunityId: `o-${i}`, customerId: `c-${rng.int(1, customers)}`, name: `Deal ${i}`, kind: rng.pick(['new', 'expansion', 'renewal']), amount, closeDate: addDays(today, rng.int(14, 120)), salesOwner: rng.pick(REPS) },
      actor: 'rep-01',
    }))
    out.set(`o-${i}`, amount)
  }
  return out
}
