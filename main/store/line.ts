import { crc32 } from 'node:zlib'
import type { EventEnvelope, EventMeta } from '../../domain/kernel/index.ts'

/**
 * One line of events.jsonl: the envelope's fields in a fixed order, then `crc`, a CRC-32 (8 hex digits)
 * of the line without its crc field. The tail `,"crc":"xxxxxxxx"}` is always 18 characters.
 */
export const CRC_TAIL_LENGTH = 18
const CLOSE_BRACE = Buffer.from('}')
const CRC_KEY = Buffer.from(',"crc":"')

function orderedMeta(meta: EventMeta): EventMeta {
  const ordered: EventMeta = {
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
  // Last, so the opening scan's reads of commandId and correlationId never look inside a command's data.
  if (meta.input !== undefined) ordered.input = meta.input
  return ordered
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
  const tail = end - CRC_TAIL_LENGTH
  if (buf.compare(CRC_KEY, 0, CRC_KEY.length, tail, tail + CRC_KEY.length) !== 0 || buf[end - 2] !== QUOTE || buf[end - 1] !== 0x7d) return false
  let expected = 0
  for (let i = tail + CRC_KEY.length; i < end - 2; i++) {
    const c = buf[i]
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1
    if (digit < 0) return false
    expected = expected * 16 + digit
  }
  return crc32(CLOSE_BRACE, crc32(buf.subarray(start, tail))) >>> 0 === expected
}

/** Parses a verified line into an envelope (crc dropped). */
export function parseLine(text: string): EventEnvelope {
  const raw = JSON.parse(text) as EventEnvelope & { crc?: string }
  delete raw.crc
  return raw
}

/**
 * Parses the verified line buf[start, end) into an envelope without its crc: the text is decoded up to
 * the crc tail with a closing brace put in its place, so the envelope never has a key deleted (V8 would
 * turn it into a slow dictionary object for every fold that reads it). The buffer is left as it was.
 */
export function parseLineAt(buf: Buffer, start: number, end: number): EventEnvelope {
  const tail = end - CRC_TAIL_LENGTH
  if (tail <= start || buf.compare(CRC_KEY, 0, CRC_KEY.length, tail, tail + CRC_KEY.length) !== 0) return parseLine(buf.toString('utf8', start, end))
  buf[tail] = 0x7d
  try {
    return JSON.parse(buf.toString('utf8', start, tail + 1)) as EventEnvelope
  } finally {
    buf[tail] = 0x2c
  }
}

/** The few fields the opening scan needs, read without parsing the whole line. */
export interface LineHead {
  position: number
  stream: string
  version: number
  commandId: string
  correlationId: string
}

const K_POSITION = Buffer.from('{"position":')
const K_STREAM = Buffer.from(',"stream":"')
const K_VERSION = Buffer.from(',"version":')
const K_META = Buffer.from(',"meta":{"context":"')
const K_COMMAND = Buffer.from(',"commandId":"')
const K_CORRELATION = Buffer.from(',"correlationId":"')
const QUOTE = 0x22
const BACKSLASH = 0x5c

function intAt(buf: Buffer, key: Buffer, from: number, end: number): number {
  const at = buf.indexOf(key, from)
  if (at < 0 || at >= end) return NaN
  let n = 0
  let i = at + key.length
  for (; i < end; i++) {
    const c = buf[i]
    if (c < 48 || c > 57) break
    n = n * 10 + (c - 48)
  }
  return i === at + key.length ? NaN : n
}

function stringAt(buf: Buffer, key: Buffer, from: number, end: number): string | undefined {
  const at = buf.indexOf(key, from)
  if (at < 0 || at >= end) return undefined
  const start = at + key.length
  const close = buf.indexOf(QUOTE, start)
  if (close < 0 || close >= end) return undefined
  for (let i = start; i < close; i++) if (buf[i] === BACKSLASH) return undefined
  // A fresh string decoded from the bytes: a slice of the line's text would keep the whole line alive.
  return buf.toString('utf8', start, close)
}

/**
 * Reads position, stream, version and ids of a verified line straight from its bytes, by the fixed
 * field order (no full parse, no decoding of the whole line); falls back to a full parse where a value
 * holds escapes.
 */
export function readHeadAt(buf: Buffer, start: number, end: number): LineHead {
  const position = intAt(buf, K_POSITION, start, end)
  const stream = stringAt(buf, K_STREAM, start, end)
  const version = intAt(buf, K_VERSION, start, end)
  const metaAt = buf.lastIndexOf(K_META, end)
  const commandId = metaAt < start ? undefined : stringAt(buf, K_COMMAND, metaAt, end)
  const correlationId = metaAt < start ? undefined : stringAt(buf, K_CORRELATION, metaAt, end)
  if (Number.isNaN(position) || Number.isNaN(version) || stream === undefined || commandId === undefined || correlationId === undefined) {
    const e = parseLine(buf.toString('utf8', start, end))
    return { position: e.position, stream: e.stream, version: e.version, commandId: e.meta?.commandId, correlationId: e.meta?.correlationId }
  }
  return { position, stream, version, commandId, correlationId }
}

/** readHeadAt for a line given as text. */
export function readHead(text: string): LineHead {
  const buf = Buffer.from(text)
  return readHeadAt(buf, 0, buf.length)
}
