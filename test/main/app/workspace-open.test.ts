import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openLedger, tempDir } from '../../support/workspace.ts'

/** A workspace with a few events and its checkpoints, closed. */
async function seeded(): Promise<string> {
  const dir = tempDir()
  const ws = await openLedger(dir)
  await ws.engine.dispatch({ command: 'OpenAccount', data: { accountId: 'a', owner: 'ann' } })
  await ws.engine.dispatch({ command: 'Deposit', aggregate: 'Account', data: { accountId: 'a', amount: '5' } })
  await ws.close()
  return dir
}

/** Every file under a folder with its bytes, to tell that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name)
      if (statSync(path).isDirectory()) walk(path)
      else out[path.slice(dir.length)] = readFileSync(path, 'base64')
    }
  }
  walk(dir)
  return out
}

function deep(levels: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < levels; i++) value = { inner: value }
  return value
}

describe('settings', () => {
  it('refuses a 20,000-deep value naming the field, leaving the settings in memory and workspace.json as they were', async () => {
    const dir = await seeded()
    const ws = await openLedger(dir)
    await ws.updateSettings({ bonusThreshold: '2' })
    const before = readFileSync(join(dir, 'workspace.json'), 'utf8')
    await expect(ws.updateSettings({ bonusThreshold: '3', actor: deep(20_000) as string })).rejects.toMatchObject({ code: 'SETTINGS_INVALID', details: { field: expect.stringMatching(/^settings\.actor(\.inner)*$/) } })
    expect(ws.engine.settings.bonusThreshold).toBe('2')
    expect(readFileSync(join(dir, 'workspace.json'), 'utf8')).toBe(before)
    await ws.close()
  })

  it('refuses too many values and unknown keys with the field named, before anything changes', async () => {
    const dir = await seeded()
    const ws = await openLedger(dir)
    const before = readFileSync(join(dir, 'workspace.json'), 'utf8')
    await expect(ws.updateSettings({ colour: 'red' })).rejects.toMatchObject({ code: 'SETTINGS_INVALID', details: { field: 'settings.colour' } })
    await expect(ws.updateSettings({ actor: Array.from({ length: 20_000 }, () => 'x') as unknown as string })).rejects.toMatchObject({ code: 'SETTINGS_INVALID', details: { field: 'settings' } })
    await expect(ws.updateSettings({ actor: 'x'.repeat(20_000) })).rejects.toMatchObject({ code: 'SETTINGS_INVALID', details: { field: 'settings.actor' } })
    await expect(ws.updateSettings({ actor: 7 as unknown as string })).rejects.toMatchObject({ code: 'SETTINGS_INVALID', details: { field: 'settings.actor' } })
    expect(readFileSync(join(dir, 'workspace.json'), 'utf8')).toBe(before)
    expect(await ws.updateSettings({ actor: 'rep-7', bonusThreshold: '9' })).toMatchObject({ actor: 'rep-7', bonusThreshold: '9' })
    await ws.close()
  })

  it('a bad setting in workspace.json refuses a writable open and writes nothing; read-only opens with the default and reports it', async () => {
    const dir = await seeded()
    const path = join(dir, 'workspace.json')
    const doc = JSON.parse(readFileSync(path, 'utf8'))
    writeFileSync(path, JSON.stringify({ ...doc, settings: { bonusThreshold: 12, actor: 'rep' } }, null, 3))
    const before = snapshot(dir)
    await expect(openLedger(dir)).rejects.toMatchObject({ code: 'SETTINGS_INVALID', details: { field: 'settings.bonusThreshold' } })
    expect(snapshot(dir), 'a failed open writes nothing').toEqual(before)
    const ws = await openLedger(dir, { readOnly: true })
    expect(ws.engine.settings).toMatchObject({ bonusThreshold: '1000', actor: 'rep' })
    expect(ws.report.problems).toEqual([expect.objectContaining({ code: 'SETTINGS_INVALID', details: { field: 'settings.bonusThreshold' } })])
    expect(ws.engine.query('Total')).toEqual({ ok: true, value: { total: '5.00', count: 1 } })
    await ws.close()
    writeFileSync(path, JSON.stringify({ ...doc, settings: 'loud' }))
    const odd = await openLedger(dir, { readOnly: true })
    expect(odd.report.problems?.[0]).toMatchObject({ code: 'SETTINGS_INVALID', details: { field: 'settings' } })
    await odd.close()
    expect(snapshot(dir)).toEqual({ ...before, '/workspace.json': Buffer.from(JSON.stringify({ ...doc, settings: 'loud' })).toString('base64') })
  })
})

describe('a missing log beside checkpoints', () => {
  it('is refused with LOG_MISSING, missing or empty, writable or read-only, and nothing is deleted', async () => {
    const dir = await seeded()
    expect(readdirSync(join(dir, 'checkpoints')).length).toBeGreaterThan(0)
    rmSync(join(dir, 'events.jsonl'))
    const before = snapshot(dir)
    await expect(openLedger(dir)).rejects.toMatchObject({ code: 'LOG_MISSING' })
    await expect(openLedger(dir, { readOnly: true })).rejects.toMatchObject({ code: 'LOG_MISSING' })
    expect(snapshot(dir)).toEqual(before)
    expect(existsSync(join(dir, 'events.jsonl'))).toBe(false)
    writeFileSync(join(dir, 'events.jsonl'), '')
    await expect(openLedger(dir)).rejects.toMatchObject({ code: 'LOG_MISSING' })
    expect(snapshot(dir)).toEqual({ ...before, '/events.jsonl': '' })
  })

  it('a new workspace (no checkpoints) still opens, and an empty checkpoints folder is no sign of a log', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'checkpoints'))
    const ws = await openLedger(dir)
    expect(ws.engine.store.lastPosition).toBe(0)
    await ws.close()
    expect(existsSync(join(dir, 'workspace.json'))).toBe(true)
  })
})

describe('a setting no context knows in workspace.json', () => {
  it('is ignored and reported on open, so the settings can still be changed', async () => {
    const dir = await seeded()
    const path = join(dir, 'workspace.json')
    const doc = JSON.parse(readFileSync(path, 'utf8'))
    writeFileSync(path, JSON.stringify({ ...doc, settings: { theme: 'dark', bonusThreshold: '2' } }))
    const ws = await openLedger(dir)
    expect(ws.report.problems).toEqual([expect.objectContaining({ code: 'SETTINGS_INVALID', details: { field: 'settings.theme' } })])
    expect(ws.engine.settings).not.toHaveProperty('theme')
    expect(ws.engine.settings.bonusThreshold).toBe('2')
    await ws.updateSettings({ ...ws.engine.settings, bonusThreshold: '3' })
    expect(JSON.parse(readFileSync(path, 'utf8')).settings).toEqual({ bonusThreshold: '3' })
    await ws.close()
  })
})
