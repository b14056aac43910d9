import { afterEach, beforeEach, vi } from 'vitest'

/** What the CLI printed during the current test: stdout and stderr, captured (and kept off the console). */
export interface CliOutput {
  readonly out: string
  readonly err: string
  /** Forgets what was printed so far (before the next command of a test). */
  clear(): void
}

/** Captures the CLI's stdout and stderr around every test of the file that calls it. */
export function captureCliOutput(): CliOutput {
  let out = ''
  let err = ''
  beforeEach(() => {
    out = ''
    err = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true))
  })
  afterEach(() => vi.restoreAllMocks())
  return {
    get out() {
      return out
    },
    get err() {
      return err
    },
    clear() {
      out = ''
      err = ''
    },
  }
}
