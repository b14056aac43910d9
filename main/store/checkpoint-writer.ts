import { Worker } from 'node:worker_threads'

/**
 * The worker's code: plain JavaScript (so the same string runs under tsx, vitest and the bundled app). It
 * runs each file operation in the order posted and counts it done in the shared counter, failed or not; a
 * failure is also posted back, naming the file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const fs = require('node:fs')
const done = new Int32Array(workerData.counter)
const CLOSE = Buffer.from('}')
parentPort.on('message', (op) => {
  try {
    if (op.op === 'write') {
      fs.mkdirSync(op.dir, { recursive: true })
      const temp = op.file + '.tmp'
      const fd = fs.openSync(temp, 'w')
      try {
        fs.writevSync(fd, [Buffer.from(op.head), Buffer.from(op.state.buffer, op.state.byteOffset, op.state.byteLength), CLOSE])
      } finally {
        fs.closeSync(fd)
      }
      fs.renameSync(temp, op.file)
    } else if (op.op === 'remove') {
      fs.rmSync(op.file, { force: true })
    } else if (op.op === 'fsync') {
      const fd = fs.openSync(op.dir, 'r')
      try {
        fs.fsyncSync(fd)
      } finally {
        fs.closeSync(fd)
      }
    }
  } catch (error) {
    parentPort.postMessage({ failed: op.file ?? op.dir, code: error && error.code })
  } finally {
    Atomics.add(done, 0, 1)
    Atomics.notify(done, 0)
  }
})
`

/** Operations allowed in flight before `write` waits for the worker to catch up (bounds the memory they hold). */
const MAX_IN_FLIGHT = 16

/**
 * Writes checkpoint files on a worker thread, so the engine's thread spends no time in write, rename and
 * unlink calls (a million-event log's first open writes 190 MB of checkpoints). Operations run in the
 * order posted; `waitFor` blocks (Atomics.wait) until the worker has done those before a point, so a
 * caller that must read a file, or know a removal is durable, sees the folder as if every call had been
 * synchronous. A failed write is reported to `onFailed` (the folder then forgets that checkpoint): a
 * checkpoint is an optimisation, the log stays the truth.
 */
export class CheckpointWriter {
  private readonly worker: Worker
  private readonly done: Int32Array
  private posted = 0
  private mayBlock = true

  constructor(onFailed: (file: string) => void) {
    const counter = new SharedArrayBuffer(4)
    this.done = new Int32Array(counter)
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { counter } })
    this.worker.on('message', (message: { failed?: string }) => {
      if (message.failed) onFailed(message.failed)
    })
    // Never keeps the process alive; `close` waits for what was posted.
    this.worker.unref()
  }

  /** Writes `head`, the state's bytes and a closing brace to `file` (through a temporary file and a rename); returns its ticket. */
  write(dir: string, file: string, head: string, state: Uint8Array): number {
    if (this.posted - Atomics.load(this.done, 0) >= MAX_IN_FLIGHT) this.waitFor(this.posted - MAX_IN_FLIGHT / 2)
    const own = state.byteOffset === 0 && state.byteLength === state.buffer.byteLength
    const bytes = own ? state : state.slice()
    this.worker.postMessage({ op: 'write', dir, file, head, state: bytes }, [bytes.buffer as ArrayBuffer])
    return ++this.posted
  }

  /** Removes a file (no error when it is gone); returns its ticket. */
  remove(file: string): number {
    this.worker.postMessage({ op: 'remove', file })
    return ++this.posted
  }

  /** Fsyncs a folder (its names made durable); returns its ticket. */
  fsync(dir: string): number {
    this.worker.postMessage({ op: 'fsync', dir })
    return ++this.posted
  }

  /**
   * Blocks until the operation with this ticket, and every one before it, is done. Where the host forbids
   * blocking a thread with Atomics.wait (an embedder may), it spins on the counter instead: the writes
   * waited for are a few files.
   */
  waitFor(ticket: number): void {
    for (let done = Atomics.load(this.done, 0); done < ticket; done = Atomics.load(this.done, 0)) {
      if (!this.mayBlock) continue
      try {
        Atomics.wait(this.done, 0, done, 1000)
      } catch {
        this.mayBlock = false
      }
    }
  }

  /** Blocks until every operation posted is done. */
  flush(): void {
    this.waitFor(this.posted)
  }

  /** Finishes what was posted, then stops the worker. */
  async close(): Promise<void> {
    this.flush()
    await this.worker.terminate()
  }
}
