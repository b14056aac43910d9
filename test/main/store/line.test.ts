import { describe, expect, it } from 'vitest'
import { encodeLine, lineCrcOk, parseLine, parseLineAt, readHead } from '../../../main/store/line.ts'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'

const event: EventEnvelope = {
  position: 42,
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  stream: 'Opportunity-o-1',
  version: 3,
  type: 'ProposalSent',
  at: '2027-01-04T09:00:00.000Z',
  data: { opportunityId: 'o-1' },
  meta: { context: 'sales', aggregate: 'Opportunity', command: 'SendProposal', commandId: 'c-1', actor: 'rep-7', policy: null, causationId: 'c-1', correlationId: 'c-1', schema: 1 },
}

describe('a log line', () => {
  it('has the fields in the fixed order with crc last', () => {
    const line = encodeLine({ ...event, meta: { ...event.meta } })
    expect(Object.keys(JSON.parse(line))).toEqual(['position', 'id', 'stream', 'version', 'type', 'at', 'data', 'meta', 'crc'])
    expect(Object.keys(JSON.parse(line).meta)).toEqual(['context', 'aggregate', 'command', 'commandId', 'actor', 'policy', 'causationId', 'correlationId', 'schema'])
    expect(line).toMatch(/,"crc":"[0-9a-f]{8}"}$/)
  })

  it('round-trips and its crc checks out', () => {
    const line = encodeLine(event)
    const buf = Buffer.from(line)
    expect(lineCrcOk(buf, 0, buf.length)).toBe(true)
    expect(parseLine(line)).toEqual(event)
  })

  it('parses a line in a buffer without its crc, and leaves the buffer as it was', () => {
    const text = `noise\n${encodeLine(event)}\nmore`
    const buf = Buffer.from(text)
    const start = text.indexOf('{')
    const end = text.lastIndexOf('}') + 1
    const parsed = parseLineAt(buf, start, end)
    expect(parsed).toEqual(event)
    expect(Object.keys(parsed)).not.toContain('crc')
    expect(buf.toString()).toBe(text)
    // A line without the crc tail (none in a verified log) is parsed whole, never cut short.
    const bare = Buffer.from(JSON.stringify({ position: 1, data: { x: 'abcdefghijklmnop' } }))
    expect(parseLineAt(bare, 0, bare.length)).toEqual({ position: 1, data: { x: 'abcdefghijklmnop' } })
  })

  it('detects a single changed character', () => {
    const line = encodeLine(event).replace('"o-1"', '"o-2"')
    const buf = Buffer.from(line)
    expect(lineCrcOk(buf, 0, buf.length)).toBe(false)
  })

  it('reads the head fields without a full parse, and falls back where values hold escapes', () => {
    expect(readHead(encodeLine(event))).toEqual({ position: 42, stream: 'Opportunity-o-1', version: 3, commandId: 'c-1', correlationId: 'c-1' })
    const odd = { ...event, stream: 'Customer-a"b', meta: { ...event.meta, commandId: 'x\\y' }, data: { commandId: 'not this one', meta: { context: 'nor this' } } }
    expect(readHead(encodeLine(odd))).toEqual({ position: 42, stream: 'Customer-a"b', version: 3, commandId: 'x\\y', correlationId: 'c-1' })
  })
})
