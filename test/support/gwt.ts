import { expect } from 'vitest'
import {
  isRejection,
  validateCommand,
  type AggregateDefinition,
  type DecideContext,
  type DomainEvent,
  type Rejection,
} from '../../domain/kernel/index.ts'

/** A decide context for tests: a fixed instant, quotes from a table, default settings. */
export function testContext(overrides: Partial<DecideContext> & { quotes?: Record<string, string> } = {}): DecideContext {
  const { quotes = {}, ...rest } = overrides
  const now = rest.now ?? '2027-01-04T09:00:00.000Z'
  return { now, quote: (symbol) => (quotes[symbol] === undefined ? undefined : { symbol, price: quotes[symbol], at: now }), settings: {}, ...rest }
}

type Expected = { type: string; data?: Record<string, unknown> }

/**
 * given(events).when(command).then(events) | thenRejects(code) | thenNothing(): a test that reads like a
 * row of DOMAIN.md. The command goes through schema validation first, exactly as the engine does it.
 */
export function given<S>(aggregate: AggregateDefinition<S>, history: DomainEvent[] = [], context?: DecideContext) {
  const state = history.reduce((s, e) => aggregate.decider.evolve(s, e), aggregate.decider.initialState)
  const ctx = context ?? testContext()
  return {
    state,
    when(command: string, data: Record<string, unknown>) {
      const spec = aggregate.commands[command]
      if (!spec) throw new Error(`${aggregate.name} has no command ${command}`)
      const valid = validateCommand(command, spec, data)
      const outcome: DomainEvent[] | Rejection = valid.ok
        ? aggregate.decider.decide({ type: command, data: valid.data }, state, ctx)
        : valid.rejection
      return {
        outcome,
        /** The events, in order; each expected `data` is a subset of the actual. */
        then(expected: Array<string | Expected>): DomainEvent[] {
          if (isRejection(outcome)) throw new Error(`expected events, got rejection ${outcome.code}: ${outcome.message}`)
          expect(outcome.map((e) => e.type)).toEqual(expected.map((e) => (typeof e === 'string' ? e : e.type)))
          expected.forEach((e, i) => {
            if (typeof e !== 'string' && e.data) expect(outcome[i].data).toMatchObject(e.data)
          })
          return outcome
        },
        thenRejects(code: string, field?: string): Rejection {
          if (!isRejection(outcome)) throw new Error(`expected rejection ${code}, got events ${outcome.map((e) => e.type).join(', ') || '(none)'}`)
          expect(outcome.code).toBe(code)
          expect(outcome.message.length).toBeGreaterThan(0)
          if (field !== undefined) expect(outcome.details?.field).toBe(field)
          return outcome
        },
        thenNothing(): void {
          if (isRejection(outcome)) throw new Error(`expected nothing to happen, got rejection ${outcome.code}`)
          expect(outcome).toEqual([])
        },
      }
    },
  }
}
