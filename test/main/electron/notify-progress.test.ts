import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import type { WorkspaceWindows } from '../../../main/electron/workspace-windows.ts'
import { tempDir } from '../../support/workspace.ts'
import { fake, FakeNotification } from './fake-electron.ts'
import { lastWindow, makeShell, settle } from './helpers.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

let shells: WorkspaceWindows[] = []

beforeEach(() => {
  fake.reset()
  fake.userData = tempDir()
  shells = []
})
afterEach(async () => {
  for (const shell of shells) await shell.closeAll()
})

function shellIn(): WorkspaceWindows {
  const shell = makeShell(fake.userData)
  shells.push(shell)
  return shell
}

async function dispatch(shell: WorkspaceWindows, dir: string, command: string, data: Record<string, unknown>): Promise<void> {
  const result = await shell.call(dir, 'dispatch', { command, data, actor: 'rep-7' })
  expect(result, `${command}: ${JSON.stringify(result)}`).toMatchObject({ ok: true })
}

/** A customer with one expansion deal: flagging its churn risk high flags the deal as revenue at risk. */
async function customerWithExpansion(shell: WorkspaceWindows, dir: string): Promise<void> {
  await dispatch(shell, dir, 'RegisterCustomer', { customerId: 'initech', name: 'Initech' })
  await dispatch(shell, dir, 'CreateOpportunity', {
    opportunityId: 'x-1', customerId: 'initech', name: 'More seats', kind: 'expansion', amount: '30000', closeDate: '2027-03-31', salesOwner: 'rep-7',
  })
}

describe('revenue at risk raises a system notification from the main process', () => {
  it('a deal newly flagged RevenueAtRiskFlagged: one notification, named, with the amount and the workspace', async () => {
    const shell = shellIn()
    const dir = join(tempDir(), 'acme')
    shell.open(dir)
    await customerWithExpansion(shell, dir)
    expect(FakeNotification.all).toEqual([])
    await dispatch(shell, dir, 'FlagChurnRisk', { customerId: 'initech', level: 'high', reason: 'tickets doubled' })
    expect(FakeNotification.all).toHaveLength(1)
    const [notification] = FakeNotification.all
    expect(notification.options.title).toBe('Revenue at risk')
    expect(notification.options.body).toBe("More seats (30,000) in acme: its customer's churn risk is high.")
    expect(notification.shown).toBe(true)
    // clicking it brings the workspace's window to the front
    const window = lastWindow()
    const before = window.focusCount
    notification.emit('click')
    expect(window.focusCount).toBe(before + 1)
    // the same level again flags nothing new: no second notification
    await dispatch(shell, dir, 'FlagChurnRisk', { customerId: 'initech', level: 'high' })
    expect(FakeNotification.all).toHaveLength(1)
  })

  it('none where the platform does not support notifications', async () => {
    fake.notificationsSupported = false
    const shell = shellIn()
    const dir = join(tempDir(), 'acme')
    shell.open(dir)
    await customerWithExpansion(shell, dir)
    await dispatch(shell, dir, 'FlagChurnRisk', { customerId: 'initech', level: 'high' })
    expect(FakeNotification.isSupported).toHaveBeenCalled()
    expect(FakeNotification.all).toEqual([])
  })

  it('history replayed when a workspace opens raises none; a closed window stops its notifications', async () => {
    const dir = join(tempDir(), 'acme')
    const seeded = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
    await seeded.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'initech', name: 'Initech' } })
    await seeded.engine.dispatch({ command: 'CreateOpportunity', data: { opportunityId: 'x-1', customerId: 'initech', name: 'More seats', kind: 'expansion', amount: '30000', closeDate: '2027-03-31', salesOwner: 'rep-7' } })
    const flagged = await seeded.engine.dispatch({ command: 'FlagChurnRisk', data: { customerId: 'initech', level: 'high' } })
    expect(JSON.stringify(flagged)).toContain('RevenueAtRiskFlagged')
    await seeded.close()

    const shell = shellIn()
    shell.open(dir)
    expect(await shell.call(dir, 'workspace.info', {})).toMatchObject({ ok: true })
    expect(FakeNotification.all).toEqual([])
  })
})

describe('opening progress reaches the window', () => {
  it('the shell sends {done, total} on stormbook:progress while the log is read, ending at total', async () => {
    const dir = join(tempDir(), 'big')
    const seeded = await openWorkspace(dir, { contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
    // enough lines for the store to read the log in more than one chunk
    for (let i = 0; i < 1500; i++) await seeded.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: `c-${i}`, name: `Customer ${i} ${'x'.repeat(200)}` } })
    await seeded.close()

    const shell = shellIn()
    shell.open(dir)
    const window = lastWindow()
    expect(await shell.call(dir, 'workspace.info', {})).toMatchObject({ ok: true, value: { lastPosition: 1500 } })
    await settle()
    const progress = window.webContents.sent.filter(([channel]) => channel === 'stormbook:progress').map(([, p]) => p as { done: number; total: number })
    expect(progress.length).toBeGreaterThanOrEqual(1)
    const last = progress.at(-1)!
    expect(last.total).toBeGreaterThan(300_000)
    expect(last.done).toBe(last.total)
    for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done)
  }, 60_000)
})
