import { crc32 } from 'node:zlib'
import type { EventEnvelope, EventMeta } from '../../domain/kernel/index.ts'

/**
 * One line of events.jsonl: the envelope's fields in a fixed order, then `crc`, a CRC-32 (8 hex digits)
 * of the line without its crc field. The tail `,"crc":"xxxxxxxx"}` is always 18 characters.
 */
export const CRC_TAIL_LENGTH = 18
const CLOSE_BRACE = Buffer.from('}')

function orderedMeta(meta: EventMeta): EventMeta {
  return {
    context: meta.context,
    aggregate: meta.aggregate,
    command: meta.command,
    commandId: meta.commandId,
    actor: meta.actor,
    policy: meta.policy,
    causationId: meta.causationId,
    correlationId: meta.correlationId,
    schema: meta.schema,
  }
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0')
}

/** Encodes an envelope as its log line (without the newline). */
export function encodeLine(e: EventEnvelope): string {
  const body = JSON.stringify({
    position: e.position,
    id: e.id,
    stream: e.stream,
    version: e.version,
    type: e.type,
    at: e.at,
    data: e.data,
    meta: orderedMeta(e.meta),
  })
  return `${body.slice(0, -1)},"crc":"${hex(crc32(body))}"}`
}

/** True when the line's crc matches its content (the line given without its newline). */
export function lineCrcOk(buf: Buffer, start: number, end: number): boolean {
  if (end - start <= CRC_TAIL_LENGTH) return false
  const tail = buf.toString('latin1', end - CRC_TAIL_LENGTH, end)
  if (!tail.startsWith(',"crc":"') || !tail.endsWith('"}')) return false
  const expected = tail.slice(8, 16)
  const actual = crc32(CLOSE_BRACE, crc32(buf.subarray(start, end - CRC_TAIL_LENGTH)))
  return hex(actual) === expected
}

/** Parses a verified line into an envelope (crc dropped). */
export function parseLine(text: string): EventEnvelope {
  const raw = JSON.parse(text) as EventEnvelope & { crc?: string }
  delete raw.crc
  return raw
}

/** The few fields the opening scan needs, read without parsing the whole line. */
export interface LineHead {
  position: number
  stream: string
  version: number
  commandId: string
  correlationId: string
}

function intAfter(text: string, key: string, from: number): number {
  const at = text.indexOf(key, from)
  if (at < 0) return NaN
  let i = at + key.length
  let n = 0
  let digits = 0
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) break
    n = n * 10 + (c - 48)
    digits++
  }
  return digits === 0 ? NaN : n
}

function stringAfter(text: string, key: string, from: number): string | undefined {
  const at = text.indexOf(key, from)
  if (at < 0) return undefined
  const start = at + key.length
  const end = text.indexOf('"', start)
  if (end < 0) return undefined
  const value = text.slice(start, end)
  return value.includes('\\') ? undefined : value
}

/**
 * Reads position, stream, version and ids from a verified line by its fixed field order; falls back
 * to a full parse where a value holds escapes.
 */
export function readHead(text: string): LineHead {
  const position = intAfter(text, '{"position":', 0)
  const stream = stringAfter(text, ',"stream":"', 0)
  const version = intAfter(text, ',"version":', 0)
  const metaAt = text.lastIndexOf(',"meta":{"context":"')
  const commandId = metaAt < 0 ? undefined : stringAfter(text, ',"commandId":"', metaAt)
  const correlationId = metaAt < 0 ? undefined : stringAfter(text, ',"correlationId":"', metaAt)
  if (Number.isNaN(position) || Number.isNaN(version) || stream === undefined || commandId === undefined || correlationId === undefined) {
    const e = parseLine(text)
    return { position: e.position, stream: e.stream, version: e.version, commandId: e.meta?.commandId, correlationId: e.meta?.correlationId }
  }
  return { position, stream, version, commandId, correlationId }
}
