import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../main/app/clock.ts'
import { contexts } from '../../main/app/contexts.ts'
import { openWorkspace } from '../../main/app/workspace.ts'
import { startHost, type Host } from '../../main/host/host.ts'
import type { CodedError as ApiError } from '../../domain/kernel/coded-error.ts'
import { launchBrowser, openApp, tempWorkspace } from './browser.ts'

/*
 * The states around the app itself, in Chromium against browser mode: a damaged log opened read-only (the
 * banner names the line), a workspace that cannot be opened (the full cannot-open screen, never the app or
 * a stack trace), a stale address (the socket refused), and the loading screen while workspace.info is out.
 */

let browser: Browser
const workspaces: Array<ReturnType<typeof tempWorkspace>> = []
const hosts: Host[] = []
const contextsOpen: BrowserContext[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})
afterEach(async () => {
  while (contextsOpen.length) await contextsOpen.pop()!.close()
  while (hosts.length) await hosts.pop()!.close()
})
afterAll(async () => {
  await browser?.close()
  for (const w of workspaces) w.remove()
})

/** A workspace of three customers whose middle line (2 of 3) was then damaged. */
async function damagedWorkspace(): Promise<string> {
  const workspace = tempWorkspace()
  workspaces.push(workspace)
  const opened = await openWorkspace(workspace.dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
  for (const [id, name] of [['globex', 'Globex'], ['initech', 'Initech'], ['hooli', 'Hooli']]) {
    await opened.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: id, name } })
  }
  await opened.close()
  const log = join(workspace.dir, 'events.jsonl')
  const text = readFileSync(log, 'utf8')
  expect(text.trim().split('\n')).toHaveLength(3)
  writeFileSync(log, text.replace('"name":"Initech"', '"name":"Initeck"'))
  return workspace.dir
}

/** A host over a fresh workspace and a page whose socket is routed through `route` (a fake of the API's answers). */
async function pageWithRoutedApi(answer: (message: { id: number; method: string }) => unknown | undefined): Promise<{ host: Host; page: Page; errors: string[] }> {
  const workspace = tempWorkspace()
  workspaces.push(workspace)
  const host = await startHost({ workspaceDir: workspace.dir })
  hosts.push(host)
  const context = await browser.newContext()
  contextsOpen.push(context)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.routeWebSocket(/\/api\?token=/, (ws) => {
    const server = ws.connectToServer()
    ws.onMessage((raw) => {
      const message = JSON.parse(String(raw)) as { id: number; method: string }
      const result = answer(message)
      if (result === undefined) server.send(raw)
      else ws.send(JSON.stringify({ type: 'response', id: message.id, result }))
    })
  })
  await page.goto(host.url)
  return { host, page, errors }
}

describe('opening states in the browser', () => {
  it('a log with a damaged middle line opens read-only, and the banner says commands are disabled and names the line', async () => {
    const dir = await damagedWorkspace()
    const { host, page } = await openApp(browser, dir)
    hosts.push(host)
    contextsOpen.push(page.context())
    const banner = page.getByTestId('read-only-banner')
    await banner.waitFor()
    await expect(banner.textContent()).resolves.toMatch(/damaged at line 2\b/)
    await expect(banner.textContent()).resolves.toContain('Commands are disabled')
    await expect(banner.textContent()).resolves.toContain('up to line 1')
    // the app is there, read-only, with what came before the damage
    await expect(page.getByTestId('workspace-name').textContent()).resolves.toBe('workspace')
    expect(host.workspace.engine.store.readOnly).toBe(true)
    expect(host.workspace.engine.store.lastPosition).toBe(1)
    expect((page as Page & { problems?: string[] }).problems).toEqual([])
  })

  it('workspace.info answering an error shows the cannot-open screen instead of the app: what is wrong, its code and line, what can be done', async () => {
    const error: ApiError = {
      code: 'LOG_CORRUPT',
      message: 'events.jsonl line 7 is damaged (crc mismatch). The workspace can be opened read-only up to line 6.\n    at FileEventStore.open (main.cjs:1:1)',
      details: { line: 7, reason: 'crc mismatch', path: '/home/rep/acme', readOnly: false, actions: ['openReadOnly', 'chooseAnother'] },
    }
    const { page, errors } = await pageWithRoutedApi((m) => (m.method === 'workspace.info' ? { ok: false, error } : undefined))
    const screen = page.getByTestId('open-failed')
    await screen.waitFor()
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('The event log of this workspace is damaged')
    await expect(page.getByTestId('open-failed-problem').textContent()).resolves.toBe('Line 7 of events.jsonl is damaged (crc mismatch). Everything before it (lines 1–6) is intact.')
    await expect(page.getByTestId('open-failed-code').textContent()).resolves.toBe('LOG_CORRUPT')
    await expect(page.getByTestId('open-failed-line').textContent()).resolves.toBe('7')
    await expect(page.getByTestId('remedy-openReadOnly').textContent()).resolves.toContain('npm run serve -- --workspace /home/rep/acme --read-only')
    await expect(page.getByTestId('remedy-chooseAnother').textContent()).resolves.toContain('npm run serve -- --workspace <other folder>')
    const all = await page.locator('body').textContent()
    expect(all).not.toMatch(/\bat FileEventStore|main\.cjs/)
    await expect(page.getByTestId('workspace-name').count()).resolves.toBe(0)
    await expect(page.locator('.sidebar').count()).resolves.toBe(0)
    expect(errors).toEqual([])
  })

  it('an address from an earlier run (wrong token): the socket is refused and the screen says to use the current address', async () => {
    const workspace = tempWorkspace()
    workspaces.push(workspace)
    const host = await startHost({ workspaceDir: workspace.dir })
    hosts.push(host)
    const context = await browser.newContext()
    contextsOpen.push(context)
    const page = await context.newPage()
    await page.goto(`${host.origin}/?token=from-yesterday`)
    await page.getByTestId('open-failed').waitFor()
    await expect(page.getByTestId('open-failed-code').textContent()).resolves.toBe('DISCONNECTED')
    await expect(page.getByTestId('remedy-freshUrl').textContent()).resolves.toContain('new address')
  })

  it('while workspace.info has not answered, a loading screen with a progress bar; then the app', async () => {
    let release: () => void = () => undefined
    const held = new Promise<void>((done) => (release = done))
    const { page } = await pageWithRoutedApi(() => undefined)
    // Reload with the info call held back: the loading screen shows until it is answered.
    await page.unrouteAll()
    await page.routeWebSocket(/\/api\?token=/, (ws) => {
      const server = ws.connectToServer()
      ws.onMessage(async (raw) => {
        if ((JSON.parse(String(raw)) as { method: string }).method === 'workspace.info') await held
        server.send(raw)
      })
    })
    await page.reload()
    await page.getByTestId('opening-screen').waitFor()
    await expect(page.getByTestId('opening-progress').isVisible()).resolves.toBe(true)
    await expect(page.getByTestId('workspace-name').count()).resolves.toBe(0)
    release()
    await page.getByTestId('workspace-name').waitFor()
    await expect(page.getByTestId('opening-screen').count()).resolves.toBe(0)
  })
})
