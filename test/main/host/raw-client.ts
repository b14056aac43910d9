import { connect, type Socket } from 'node:net'

/*
 * Raw TCP clients for the host's hardening and fuzz tests: requests and WebSocket frames no well-behaved
 * client would send.
 */

/** Sends raw bytes to the host and answers everything it sent back before closing (or `waitMs` passing). */
export function rawExchange(port: number, bytes: string | Buffer, waitMs = 2000): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const finish = () => {
      clearTimeout(timer)
      socket.destroy()
      done(Buffer.concat(chunks).toString('latin1'))
    }
    const timer = setTimeout(finish, waitMs)
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', finish)
    socket.on('close', finish)
    socket.write(bytes)
  })
}

/** The status code of a raw HTTP answer (0 when there was none). */
export function statusOf(answer: string): number {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(answer)
  return match ? Number(match[1]) : 0
}

/** A client WebSocket frame (masked, as clients must), with control over every bit a fuzzer wants to spoil. */
export function frame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; announced?: number; masked?: boolean } = {}): Buffer {
  const { fin = true, rsv = 0, masked = true } = options
  const length = options.announced ?? payload.length
  const head: number[] = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)]
  const mask = masked ? 0x80 : 0
  if (length < 126) head.push(mask | length)
  else if (length < 65536) head.push(mask | 126, length >> 8, length & 0xff)
  else {
    head.push(mask | 127)
    const big = Buffer.alloc(8)
    big.writeBigUInt64BE(BigInt(length))
    head.push(...big)
  }
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78])
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]))
  return Buffer.concat([Buffer.from(head), masked ? key : Buffer.alloc(0), masked ? body : payload])
}

/** A raw WebSocket to the host's /api, past the handshake: send frames, read what comes back. */
export interface RawSocket {
  socket: Socket
  /** Bytes received after the handshake. */
  received(): Buffer
  /** Resolves when the server has closed the TCP connection (or after `ms`), with what it sent. */
  closed(ms?: number): Promise<Buffer>
}

/** Opens /api over raw TCP with the token; rejects when the handshake is refused. */
export function rawSocket(port: number, token: string): Promise<RawSocket> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1')
    let buffer = Buffer.alloc(0)
    let upgraded = false
    let ended = false
    const closers: Array<() => void> = []
    socket.on('error', () => undefined)
    socket.on('close', () => {
      ended = true
      for (const close of closers.splice(0)) close()
      if (!upgraded) fail(new Error(`handshake refused: ${buffer.toString('latin1').split('\r\n')[0]}`))
    })
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      if (upgraded) return
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) return
      if (!buffer.subarray(0, end).toString('latin1').startsWith('HTTP/1.1 101')) return fail(new Error(buffer.toString('latin1').split('\r\n')[0]))
      upgraded = true
      buffer = buffer.subarray(end + 4)
      done({
        socket,
        received: () => buffer,
        closed: (ms = 2000) => new Promise((resolve) => {
          if (ended) return resolve(buffer)
          const timer = setTimeout(() => resolve(buffer), ms)
          closers.push(() => {
            clearTimeout(timer)
            resolve(buffer)
          })
        }),
      })
    })
    socket.write(
      `GET /api?token=${encodeURIComponent(token)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    )
  })
}

/** The status code of the first close frame the server sent (undefined when it sent none). */
export function closeCodeOf(bytes: Buffer): number | undefined {
  let at = 0
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at] & 0x0f
    let length = bytes[at + 1] & 0x7f
    let start = at + 2
    if (length === 126) {
      length = bytes.readUInt16BE(start)
      start += 2
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(start))
      start += 8
    }
    if (opcode === 0x8) return length >= 2 ? bytes.readUInt16BE(start) : 1005
    at = start + length
  }
  return undefined
}
