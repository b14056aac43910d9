import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { usePostgres } from '../support/postgres.ts'
import { openApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const cluster = usePostgres()
let repUrl = ''

beforeAll(async () => {
  await cluster().createTeamServer('members')
  await cluster().sql('CREATE ROLE rep_ola LOGIN IN ROLE stormbook_rep')
  repUrl = cluster().url('members', 'rep_ola')
})

const status = (page: Page) => page.getByTestId('sync-status')
const words = 'Your login "rep_ola" is not a member of team "north". Ask whoever runs the sync server to run: stormbook sync add-member <server url> --team north --login rep_ola'

describe('a rep whose login is not a member of the team', () => {
  it('reads at the Team field and in the top bar that the login is not a member, and which command to ask for; synced once added', async () => {
    const { host, page } = await openApp(suite.browser, suite.workspace.dir)
    try {
      const result = await host.workspace.engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'c-acme', name: 'Acme Corp' }, actor: 'ola' })
      expect(result.ok).toBe(true)
      await page.getByRole('button', { name: /Settings/ }).click()
      const form = page.getByRole('form', { name: 'Team sync' })
      await form.getByLabel('Server URL').fill(repUrl)
      await form.getByLabel('Team').fill('north')
      await form.getByLabel('Sync every (seconds, when online)').fill('0')
      await form.getByRole('button', { name: 'Save team sync' }).click()
      await status(page).filter({ hasText: '1 pending' }).waitFor()

      // Test connection names the team: the server says the login is not a member, at the Team field.
      await form.getByRole('button', { name: 'Test connection' }).click()
      const atTeam = form.getByRole('alert').filter({ hasText: words })
      await atTeam.waitFor()
      expect(await form.getByLabel('Team').getAttribute('aria-invalid')).toBe('true')
      expect(await page.getByTestId('sync-answer').count()).toBe(0)

      // Sync now: the same words at the field, and the top bar says it too (its hint has the whole story).
      await form.getByRole('button', { name: 'Sync now' }).click()
      await status(page).filter({ hasText: 'Not a member of team "north"' }).waitFor()
      await atTeam.waitFor()
      expect(await status(page).getAttribute('title')).toBe(`${words} Your changes are kept and pushed once you are a member.`)
      const section = await page.locator('#team-sync').textContent()
      expect(section).not.toMatch(/SB004|SQLSTATE|SYNC_NOT_A_MEMBER|\bat \w+ \(/)
      await atTeam.scrollIntoViewIfNeeded()
      await page.screenshot({ path: '/tmp/syncux-not-a-member-light.png' })
      await page.getByTestId('theme-toggle').click()
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
      await page.screenshot({ path: '/tmp/syncux-not-a-member-dark.png' })
      await page.getByTestId('theme-toggle').click()

      // The admin adds the login: the next Sync now pushes the pending change and the field clears.
      await cluster().sql("INSERT INTO stormbook.team_members VALUES ('north', 'rep_ola')", [], 'members')
      await form.getByRole('button', { name: 'Sync now' }).click()
      await status(page).filter({ hasText: 'Synced' }).waitFor()
      await atTeam.waitFor({ state: 'detached' })
      expect((page as Page & { problems?: string[] }).problems).toEqual([])
    } finally {
      await page.context().close()
      await host.close()
    }
  })
})
