import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCodedError } from '../../../domain/kernel/coded-error.ts'
import { describeIssue } from '../../../domain/kernel/schema-issue.ts'
import { checkIncoming, incomingEventSchema } from '../../../main/app/ingest.ts'

const good = {
  id: '01890a5d-ac96-774b-bcce-b302099a8057', stream: 'Opportunity-o-1', version: 2, type: 'OpportunityQualified', at: '2027-01-04T09:00:00.000Z',
  data: { opportunityId: 'o-1' },
  meta: { context: 'sales', aggregate: 'Opportunity', command: 'QualifyOpportunity', commandId: 'c-1', actor: 'ann', policy: null, causationId: 'c-1', correlationId: 'c-1', schema: 1, input: { opportunityId: 'o-1' } },
}

/** What the zod schema alone answers for one event: its output, or the field and problem of its first issue. */
function bySchema(raw: unknown): unknown {
  const parsed = incomingEventSchema.safeParse(raw)
  if (parsed.success) return { ok: parsed.data }
  return { error: describeIssue(parsed.error, ['events', 0]).field }
}

/** What checkIncoming (with its fast path) answers for the same event, copying it or taking it handed over. */
function byCheck(raw: unknown, handedOver = false): unknown {
  try {
    return { ok: checkIncoming([raw], handedOver)[0] }
  } catch (error) {
    if (!isCodedError(error)) throw error
    return { error: error.details?.field }
  }
}

const odd = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.constant(''), fc.string({ maxLength: 3 }), fc.string({ minLength: 40, maxLength: 41 }),
  fc.string({ minLength: 500, maxLength: 501 }), fc.integer({ min: -2, max: 3 }), fc.double(), fc.constant(2 ** 60), fc.boolean(), fc.constant([]), fc.constant({}),
  fc.constant(new Date(0)), fc.constant(Object.create(null)),
)

const paths = [
  ['id'], ['stream'], ['type'], ['at'], ['data'], ['meta'], ['position'], ['version'], ['extra'],
  ...['context', 'aggregate', 'command', 'commandId', 'actor', 'policy', 'causationId', 'correlationId', 'schema', 'input', 'extra'].map((k) => ['meta', k]),
]

/** The good event with one field (or one meta field) set to `value`, or removed when `remove`. */
function mutate(path: string[], value: unknown, remove: boolean): Record<string, unknown> {
  const event = structuredClone(good) as Record<string, unknown>
  const parent = (path.length === 2 ? event.meta : event) as Record<string, unknown>
  if (remove) delete parent[path.at(-1)!]
  else parent[path.at(-1)!] = value
  return event
}

describe('checking events decided elsewhere, without zod in the common case', () => {
  it('answers as the schema does for any one field changed or removed: the same event, or the same field at fault', () => {
    fc.assert(fc.property(fc.constantFrom(...paths), odd, fc.boolean(), (path, value, remove) => {
      const raw = mutate(path, value, remove)
      expect(byCheck(raw)).toEqual(bySchema(raw))
      expect(byCheck(raw, true)).toEqual(bySchema(raw))
    }), { numRuns: 2000 })
  })

  it('keeps only the schema’s fields, as the schema outputs them', () => {
    const raw = { ...good, extra: 1, meta: { ...good.meta, extra: 2 } }
    expect(checkIncoming([raw])).toEqual([incomingEventSchema.parse(raw)])
    expect(checkIncoming([raw])[0]).not.toHaveProperty('extra')
    expect(checkIncoming([raw])[0].meta).not.toHaveProperty('extra')
    expect(checkIncoming([raw], true)).toEqual([incomingEventSchema.parse(raw)])
  })

  it('takes a handed-over event as it is when it has nothing to strip, and copies it otherwise', () => {
    const plain = structuredClone(good)
    expect(checkIncoming([plain], true)[0]).toBe(plain)
    const copied = checkIncoming([plain])[0]
    expect(copied).toEqual(plain)
    expect(copied).not.toBe(plain)
    expect(copied.data).not.toBe(plain.data)
  })
})
