import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir, openLedger } from '../../support/workspace.ts'

async function seed(dir: string, deposits = 3) {
  const ws = await openLedger(dir)
  await ws.engine.dispatch({ command: 'OpenAccount', data: { accountId: 'a', owner: 'ann' }, actor: 'ann' })
  for (let i = 0; i < deposits; i++) await ws.engine.dispatch({ command: 'Deposit', aggregate: 'Account', data: { accountId: 'a', amount: '5' }, actor: 'ann' })
  await ws.close()
}

describe('the workspace folder', () => {
  it('holds workspace.json, events.jsonl (one verified line per event) and checkpoints after close', async () => {
    const dir = tempDir()
    await seed(dir)
    const doc = JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8'))
    expect(doc).toMatchObject({ format: 1, settings: {} })
    const lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').trimEnd().split('\n')
    expect(lines.map((l) => JSON.parse(l).position)).toEqual([1, 2, 3, 4])
    expect(existsSync(join(dir, 'checkpoints', 'Balances', '4.json'))).toBe(true)
    expect(existsSync(join(dir, '.lock'))).toBe(false)
  })

  it('refuses a second writer with WORKSPACE_LOCKED naming the holder, and takes over a dead one', async () => {
    const dir = tempDir()
    const first = await openLedger(dir)
    await expect(openLedger(dir)).rejects.toMatchObject({ code: 'WORKSPACE_LOCKED', details: { holder: { pid: process.pid } } })
    await first.close()
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, since: '2020-01-01T00:00:00Z', host: (await import('node:os')).hostname() }))
    const second = await openLedger(dir)
    expect(second.engine.store.lastPosition).toBe(0)
    await second.close()
  })

  it('moves a torn last line aside, reports it and keeps every whole event', async () => {
    const dir = tempDir()
    await seed(dir)
    appendFileSync(join(dir, 'events.jsonl'), '{"position":5,"id":"x","str')
    const ws = await openLedger(dir)
    expect(ws.report.tornBytes).toBe(27)
    expect(ws.report.tornFile).toMatch(/events\.jsonl\.torn-/)
    expect(readFileSync(ws.report.tornFile!, 'utf8')).toBe('{"position":5,"id":"x","str')
    expect(ws.engine.store.lastPosition).toBe(4)
    const next = await ws.engine.dispatch({ command: 'Deposit', aggregate: 'Account', data: { accountId: 'a', amount: '1' } })
    expect(next).toMatchObject({ ok: true, position: 5 })
    await ws.close()
    expect(readdirSync(dir).filter((f) => f.startsWith('events.jsonl.torn-'))).toHaveLength(1)
  })

  it('refuses to open a log with a damaged line inside for writing (LOG_CORRUPT naming the line) but opens it read-only up to there', async () => {
    const dir = tempDir()
    await seed(dir)
    const path = join(dir, 'events.jsonl')
    const before = readFileSync(path, 'utf8')
    const lines = before.split('\n')
    lines[2] = lines[2].replace('"5.00"', '"6.00"')
    writeFileSync(path, lines.join('\n'))
    await expect(openLedger(dir)).rejects.toMatchObject({ code: 'LOG_CORRUPT', details: { line: 3, reason: 'crc mismatch' } })
    const ro = await openLedger(dir, { readOnly: true })
    expect(ro.report.corrupt).toEqual({ line: 3, reason: 'crc mismatch' })
    expect(ro.engine.store.lastPosition).toBe(2)
    expect(ro.engine.query('Balance', { accountId: 'a' })).toEqual({ ok: true, value: { owner: 'ann', balance: '5.00', events: 2 } })
    expect(await ro.engine.dispatch({ command: 'OpenAccount', data: { accountId: 'b', owner: 'bo' } })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
    await ro.close()
    expect(readFileSync(path, 'utf8')).toBe(lines.join('\n'))
  })

  it('refuses a log whose positions skip (LOG_CORRUPT) rather than guessing', async () => {
    const dir = tempDir()
    await seed(dir)
    const path = join(dir, 'events.jsonl')
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    writeFileSync(path, [lines[0], lines[1], lines[3]].join('\n') + '\n')
    await expect(openLedger(dir)).rejects.toMatchObject({ code: 'LOG_CORRUPT', details: { line: 3 } })
  })

  it('refuses a malformed workspace.json with WORKSPACE_INVALID naming the field, and writes nothing', async () => {
    const dir = tempDir()
    await seed(dir)
    const path = join(dir, 'workspace.json')
    const doc = JSON.parse(readFileSync(path, 'utf8'))
    writeFileSync(path, JSON.stringify({ ...doc, format: 'one' }))
    await expect(openLedger(dir)).rejects.toMatchObject({ code: 'WORKSPACE_INVALID', details: { field: 'format' } })
    writeFileSync(path, '{ not json')
    await expect(openLedger(dir)).rejects.toMatchObject({ code: 'WORKSPACE_INVALID' })
    expect(readFileSync(path, 'utf8')).toBe('{ not json')
    expect(existsSync(join(dir, '.lock'))).toBe(false)
  })

  it('refuses a bad setting with SETTINGS_INVALID naming it, on open and on update, and keeps the old settings', async () => {
    const dir = tempDir()
    await seed(dir)
    const path = join(dir, 'workspace.json')
    const doc = JSON.parse(readFileSync(path, 'utf8'))
    writeFileSync(path, JSON.stringify({ ...doc, settings: { bonusThreshold: 12 } }))
    await expect(openLedger(dir)).rejects.toMatchObject({ code: 'SETTINGS_INVALID', details: { field: 'settings.bonusThreshold' } })
    writeFileSync(path, JSON.stringify({ ...doc, settings: { bonusThreshold: '2' } }))
    const ws = await openLedger(dir)
    await expect(ws.updateSettings({ bonusThreshold: 'lots' })).rejects.toMatchObject({ code: 'SETTINGS_INVALID' })
    expect(ws.engine.settings.bonusThreshold).toBe('2')
    expect(JSON.parse(readFileSync(path, 'utf8')).settings).toEqual({ bonusThreshold: '2' })
    await ws.updateSettings({ bonusThreshold: '3' })
    expect(JSON.parse(readFileSync(path, 'utf8')).settings).toEqual({ bonusThreshold: '3' })
    await ws.close()
  })
})
