import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { SystemClock } from '../../main/app/clock.ts'
import { contexts } from '../../main/app/contexts.ts'
import { openWorkspace } from '../../main/app/workspace.ts'
import { openSyncService } from '../../main/sync/sync-service.ts'
import { usePostgres } from '../support/postgres.ts'
import { openApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const cluster = usePostgres()
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')
const screenshots = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
let url = ''

beforeAll(async () => {
  url = await cluster().createTeamServer('team')
})

const card = (page: Page, name: string) => page.getByTestId('card').filter({ hasText: name })
const status = (page: Page) => page.getByTestId('sync-status')

/** Serious or critical accessibility violations inside `selector`, as "rule: targets". */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  // The app's CSP ('script-src self') refuses an injected <script>: evaluate axe's source instead.
  await page.evaluate(axeSource)
  return page.evaluate(async (root) => {
    const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe
    const result = await axe.run(document.querySelector(root) ?? document)
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`)
  }, selector)
}

/**
 * Checks a part of the screen with axe and photographs it, in the light theme and then the dark one, with
 * the top bar's toggle (a dialog is closed for it, then opened again with `open`); back to light after.
 */
async function inBothThemes(page: Page, selector: string, name: string, dialog?: { open(): Promise<void>; close(): Promise<void> }): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
      await dialog?.close()
      await page.getByTestId('theme-toggle').click()
      await dialog?.open()
    }
    await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme)
    expect(await axeViolations(page, selector), `${name}, ${theme} theme`).toEqual([])
    await page.screenshot({ path: `${screenshots}sync-${name}-${theme}.png` })
  }
  await dialog?.close()
  await page.getByTestId('theme-toggle').click()
  await dialog?.open()
}

/** Another laptop of the team: a workspace the app has open elsewhere, syncing through the service. */
async function secondLaptop(dir: string) {
  const workspace = await openWorkspace(dir, { contexts, clock: new SystemClock() })
  const sync = openSyncService({ workspaceDir: dir, engine: workspace.engine, clock: () => new SystemClock().now(), password: async () => undefined })
  await sync.configure({ url, team: 'north', everySeconds: 0 })
  return {
    async syncNow() {
      return sync.syncNow()
    },
    async send(command: string, data: Record<string, unknown>) {
      const result = await workspace.engine.dispatch({ command, data, actor: 'lena' })
      if (!result.ok) throw new Error(`${command}: ${result.error.code}`)
    },
    async close() {
      await sync.close()
      await workspace.close()
    },
  }
}

describe('a sales team shares one pipeline through PostgreSQL', () => {
  it('a rep sets up Team sync, syncs, sees a conflict with the rule and theirs, tries an edit, discards it, is back in sync, and finds it archived after a restart', async () => {
    const { host, page } = await openApp(suite.browser, suite.workspace.dir)
    const engine = host.workspace.engine
    for (const [command, data] of [
      ['RegisterCustomer', { customerId: 'c-acme', name: 'Acme Corp' }],
      ['CreateOpportunity', { opportunityId: 'o-acme', customerId: 'c-acme', name: 'Acme platform', kind: 'new', amount: '48000', closeDate: '2027-06-30', salesOwner: 'maria' }],
    ] as const) {
      const result = await engine.dispatch({ command, data, actor: 'maria' })
      expect(result.ok).toBe(true)
    }
    await card(page, 'Acme platform').waitFor()
    const other = await secondLaptop(suite.workspace.dir.replace(/workspace$/, 'lena'))
    try {
      // Settings ▸ Team sync: a URL that is not PostgreSQL is refused at its field.
      await page.getByRole('button', { name: /Settings/ }).click()
      const form = page.getByRole('form', { name: 'Team sync' })
      await form.getByLabel('Server URL').fill('https://db.example.com')
      await form.getByLabel('Team').fill('north')
      await form.getByLabel('Sync every (seconds, when online)').fill('0')
      await form.getByRole('button', { name: 'Save team sync' }).click()
      await form.getByRole('alert').filter({ hasText: 'postgresql://' }).waitFor()
      expect(await form.getByLabel('Server URL').getAttribute('aria-invalid')).toBe('true')
      // In browser mode the password comes from PGPASSWORD: the page says so instead of asking for it.
      await page.getByTestId('password-from-env').filter({ hasText: 'PGPASSWORD' }).waitFor()
      expect(await page.getByLabel('Password').count()).toBe(0)

      await form.getByLabel('Server URL').fill(url)
      await form.getByRole('button', { name: 'Save team sync' }).click()
      await status(page).filter({ hasText: '2 pending' }).waitFor()
      await form.getByRole('button', { name: 'Test connection' }).click()
      await page.getByTestId('sync-answer').filter({ hasText: /^Connected: PostgreSQL 1\d.*Stormbook schema version \d+\.$/ }).waitFor()
      await page.getByTestId('sync-answer').scrollIntoViewIfNeeded()
      await inBothThemes(page, '#team-sync', 'settings')
      await form.getByRole('button', { name: 'Sync now' }).click()
      await status(page).filter({ hasText: 'Synced' }).waitFor()

      // Lena's laptop pulls the deal and marks it lost; meanwhile Maria raises its amount, offline from her.
      expect((await other.syncNow()).pulled).toBe(2)
      await other.send('CloseOpportunity', { opportunityId: 'o-acme', outcome: 'lost', reason: 'budget cut' })
      expect((await other.syncNow()).pushed).toBe(1)

      await page.getByRole('button', { name: /Pipeline/ }).click()
      await card(page, 'Acme platform').click()
      const detail = page.getByTestId('opportunity-detail')
      await detail.getByTestId('field-amount').click()
      await detail.getByTestId('edit-amount').fill('52,000')
      await detail.getByTestId('edit-amount').press('Enter')
      await status(page).filter({ hasText: '1 pending' }).waitFor()
      await page.keyboard.press('Escape')

      // Syncing finds Lena's change first: Maria's raise no longer fits, and says why.
      await page.getByRole('button', { name: /Settings/ }).click()
      await form.getByRole('button', { name: 'Sync now' }).click()
      await status(page).filter({ hasText: '1 conflict' }).waitFor()
      await status(page).click()
      const panel = page.getByRole('dialog', { name: 'Conflicts' })
      const conflict = panel.getByTestId('conflict')
      await conflict.filter({ hasText: 'Update opportunity Acme platform: amount 52,000.00' }).waitFor()
      await conflict.getByText(/Refused: Opportunity Acme platform is closed/).waitFor()
      await conflict.getByText('OPPORTUNITY_CLOSED').waitFor()
      await conflict.getByText('Opportunity lost: Acme platform, reason budget cut (by lena)').waitFor()
      expect(await panel.textContent()).not.toContain('o-acme')
      await inBothThemes(page, '.conflicts-dialog', 'conflicts', {
        open: async () => (await status(page).click(), await conflict.waitFor()),
        close: async () => (await page.keyboard.press('Escape'), await panel.waitFor({ state: 'detached' })),
      })

      // Keyboard: focus stays inside the panel; Esc closes it and the status opens it again.
      for (let i = 0; i < 6; i++) await page.keyboard.press('Tab')
      expect(await panel.evaluate((el) => el.contains(document.activeElement))).toBe(true)
      await page.keyboard.press('Escape')
      await panel.waitFor({ state: 'detached' })
      await status(page).click()

      // Edit & retry: a small form of the command's fields; still refused on a lost deal, and it says so.
      await conflict.getByRole('button', { name: 'Edit & retry' }).click()
      const edit = conflict.getByRole('form', { name: 'Edit update opportunity' })
      expect(await edit.getByLabel('Amount').inputValue()).toBe('52000')
      await edit.getByLabel('Amount').fill('53000')
      await edit.getByRole('button', { name: 'Retry' }).click()
      await edit.getByRole('alert').filter({ hasText: 'Still refused: Opportunity Acme platform is closed' }).waitFor()
      await edit.getByRole('button', { name: 'Cancel' }).click()

      await conflict.getByRole('button', { name: 'Discard' }).click()
      await panel.getByTestId('conflict').filter({ hasText: 'archived' }).waitFor()
      await panel.getByText('No conflicts: every change of yours is in the team log.').waitFor()
      await status(page).filter({ hasText: 'Synced' }).waitFor()
      await page.keyboard.press('Escape')
      expect((page as Page & { problems?: string[] }).problems).toEqual([])
    } finally {
      await other.close()
      await page.context().close()
      await host.close()
    }

    // After a restart the archive is still there: Settings ▸ Team sync opens the panel with it.
    const again = await openApp(suite.browser, suite.workspace.dir)
    try {
      await again.page.getByRole('button', { name: /Settings/ }).click()
      await again.page.getByRole('button', { name: 'Conflicts (0) and archive (1)' }).click()
      const panel = again.page.getByRole('dialog', { name: 'Conflicts' })
      const archived = panel.getByTestId('conflict').filter({ hasText: 'archived · discarded' })
      await archived.filter({ hasText: 'Update opportunity Acme platform: amount 52,000.00' }).waitFor()
      await archived.getByText('Opportunity lost: Acme platform, reason budget cut (by lena)').waitFor()
      await panel.getByText('No conflicts: every change of yours is in the team log.').waitFor()
      expect(await archived.getByRole('button').count()).toBe(0)
      await again.page.keyboard.press('Escape')
      await panel.waitFor({ state: 'detached' })
      // The timeline still lists Maria's raise, marked superseded, in the list and on the storm.
      await again.page.getByRole('button', { name: /Timeline/ }).click()
      await again.page.getByRole('tab', { name: 'List', exact: true }).click()
      const row = again.page.getByTestId('timeline-row').filter({ hasText: 'OpportunityUpdated' })
      await row.filter({ hasText: 'superseded' }).click()
      await again.page.getByTestId('superseded-note').waitFor()
      // The storm view draws it greyed and labelled "superseded", and its details say why.
      await again.page.getByRole('tab', { name: 'Storm', exact: true }).click()
      const column = again.page.getByRole('button', { name: /OpportunityUpdated \(superseded\)/ })
      await again.page.getByTestId('storm-superseded').first().waitFor()
      await column.first().click()
      const details = again.page.getByTestId('storm-details')
      await details.getByTestId('superseded-note').waitFor()
      expect(await details.getByText('superseded', { exact: true }).count()).toBe(1)
    } finally {
      await again.page.context().close()
      await again.host.close()
    }
  }, 120_000)
})
