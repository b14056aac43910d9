import { z } from 'zod'
import { Dec, dateOf, daysBetween, money, type QueryDefinition } from '../../kernel/index.ts'
import { salesSettings } from '../settings.ts'
import { isOpen } from '../stages.ts'
import type { SalesBookState } from './sales-book-state.ts'
import { fromCents, toCents } from './cents.ts'

/** Velocity needs at least this many won deals in the period; below it the query answers null ("not enough data"). */
export const MIN_WINS_FOR_VELOCITY = 2

/** A deal's sales cycle counts as one day at least: a same-day win is a one-day cycle, never a near-zero divisor. */
const MIN_CYCLE_DAYS = 1

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * `SalesMetrics {from?, to?}`: how the team sells.
 * - `winRate`: won ÷ (won + lost), over opportunities whose last close falls in [from, to] (dates, inclusive);
 * - `averageDealSize`: mean amount of those won; `averageCycleDays`: mean days from creation to win;
 * - `velocityPerDay`: open opportunities (now) × win rate × average deal size ÷ average cycle days, each
 *   deal's cycle counted as one day at least; null below MIN_WINS_FOR_VELOCITY won deals (not enough data);
 * - `slipped`: opportunities whose close date is later than the one they were created with;
 * - `stale`: open opportunities with no event for `staleDays` (settings) as of now, longest silent first.
 * `slipped` and `stale` describe the book now and ignore from/to.
 */
export const salesMetricsQuery: QueryDefinition<SalesBookState> = {
  params: z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
  run(state, params, context) {
    const { from, to } = params as { from?: string; to?: string }
    const { staleDays } = salesSettings(context.settings)
    let open = 0
    let won = 0
    let lost = 0
    let wonCents = 0n
    let cycleDays = 0
    const slipped = []
    const stale = []
    for (const o of state.opportunities) {
      if (o.closeDate > o.firstCloseDate) {
        slipped.push({ opportunityId: o.opportunityId, name: o.name, stage: o.stage, from: o.firstCloseDate, to: o.closeDate })
      }
      if (isOpen(o.stage)) {
        open += 1
        const days = Math.floor(daysBetween(o.lastEventAt, context.now))
        if (days >= staleDays) stale.push({ opportunityId: o.opportunityId, name: o.name, lastEventAt: o.lastEventAt, days })
        continue
      }
      const closedOn = dateOf(o.closedAt ?? o.lastEventAt)
      if ((from !== undefined && closedOn < from) || (to !== undefined && closedOn > to)) continue
      if (o.stage === 'closed_lost') {
        lost += 1
        continue
      }
      won += 1
      wonCents += toCents(o.amount)
      cycleDays += Math.max(MIN_CYCLE_DAYS, daysBetween(o.createdAt, o.closedAt ?? o.lastEventAt))
    }
    stale.sort((a, b) => b.days - a.days)
    const wonAmount = new Dec(fromCents(wonCents))
    const averageCycleDays = won === 0 ? 0 : cycleDays / won
    const velocity = won < MIN_WINS_FOR_VELOCITY ? null : wonAmount.times(open).div(won + lost).div(averageCycleDays)
    return {
      open,
      won,
      lost,
      winRate: won + lost === 0 ? 0 : round(won / (won + lost), 4),
      averageDealSize: money(won === 0 ? '0' : wonAmount.div(won)),
      averageCycleDays: round(averageCycleDays, 2),
      velocityPerDay: velocity === null ? null : money(velocity),
      slipped,
      stale,
    }
  },
}
