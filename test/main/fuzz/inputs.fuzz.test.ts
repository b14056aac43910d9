import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCodedError } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace, type Workspace } from '../../../main/app/workspace.ts'
import { parseFlow } from '../../../main/flows/flow-file.ts'
import { SAMPLE_FLOWS } from '../../support/sample-logs.ts'

/** `npm run test:fuzz` multiplies the runs (FUZZ_SCALE); `npm test` keeps them to seconds. */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1))
const runs = (n: number) => ({ seed: 20270104, numRuns: n * SCALE })

/** Any JSON value, with keys people would try (real setting names, prototype names) among random ones. */
const keys = fc.oneof(fc.constantFrom('stageProbabilities', 'staleDays', 'actor', 'wire', 'costBasis', 'marketSeed', 'marketTickSeconds', '__proto__', 'constructor', 'toString'), fc.string({ maxLength: 12 }))
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 20 }), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(keys, tie('value'), { maxKeys: 4 })),
})).value

describe('settings, fuzzed: every refusal is coded, and nothing changes', () => {
  let ws: Workspace
  let dir: string
  beforeAll(async () => {
    // One workspace for the whole describe (the support's tempDir is removed after each test).
    dir = join(mkdtempSync(join(tmpdir(), 'stormbook-fuzz-')), 'ws')
    ws = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
  })
  afterAll(async () => {
    await ws.close()
    rmSync(join(dir, '..'), { recursive: true, force: true })
  })

  it('takes or refuses random settings: refused ones name a field and leave workspace.json and the engine as they were', async () => {
    let taken = 0
    let refused = 0
    await fc.assert(
      fc.asyncProperty(fc.dictionary(keys, json, { maxKeys: 5 }), async (settings) => {
        const fileBefore = readFileSync(join(dir, 'workspace.json'), 'utf8')
        const engineBefore = JSON.stringify(ws.engine.settings)
        try {
          await ws.updateSettings(settings as Record<string, unknown>)
          taken++
        } catch (error) {
          refused++
          expect(isCodedError(error), String(error)).toBe(true)
          expect((error as { code: string }).code).toMatch(/^[A-Z_]+$/)
          expect(readFileSync(join(dir, 'workspace.json'), 'utf8')).toBe(fileBefore)
          expect(JSON.stringify(ws.engine.settings)).toBe(engineBefore)
        }
        // The workspace still answers.
        expect(ws.engine.query('Pipeline', {}).ok).toBe(true)
      }),
      runs(60),
    )
    expect(refused).toBeGreaterThan(0)
    expect(taken).toBeGreaterThan(0) // the empty object at least: a fuzz that only ever refuses proves less
  })

  it('refuses a value nested 20,000 deep without changing anything', async () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 20_000; i++) deep = { a: deep }
    const before = readFileSync(join(dir, 'workspace.json'), 'utf8')
    await expect(ws.updateSettings({ actor: deep })).rejects.toMatchObject({ code: expect.stringMatching(/^[A-Z_]+$/) })
    expect(readFileSync(join(dir, 'workspace.json'), 'utf8')).toBe(before)
  })
})

describe('flow files, fuzzed: a malformed file is a coded error naming where', () => {
  const sample = JSON.parse(readFileSync(join(SAMPLE_FLOWS, 'sales-funnel.flow.json'), 'utf8')) as { steps: unknown[] }

  it('parses or refuses random JSON, never throwing anything but a coded error', () => {
    fc.assert(
      fc.property(json, (value) => {
        try {
          parseFlow(JSON.stringify(value))
        } catch (error) {
          expect(isCodedError(error), String(error)).toBe(true)
        }
      }),
      runs(200),
    )
  })

  it('refuses a sample flow with one step replaced by junk, naming that step', () => {
    fc.assert(
      fc.property(fc.nat({ max: sample.steps.length - 1 }), json.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), (index, junk) => {
        const steps = [...sample.steps]
        steps[index] = junk
        try {
          parseFlow(JSON.stringify({ ...sample, steps }))
          throw new Error('a junk step was taken')
        } catch (error) {
          expect(isCodedError(error), String(error)).toBe(true)
          expect(JSON.stringify((error as { details?: unknown }).details ?? {}) + (error as Error).message).toContain(`steps[${index}]`)
        }
      }),
      runs(60),
    )
  })

  it('refuses random bytes that are not JSON as FLOW_INVALID-like coded errors', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseFlow(text)
        } catch (error) {
          expect(isCodedError(error), String(error)).toBe(true)
        }
      }),
      runs(200),
    )
  })
})
