import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Host } from '../../main/host/host.ts'
import { launchBrowser, openApp, tempWorkspace } from './browser.ts'
import { card, column } from './pipeline-support.ts'

let browser: Browser
const workspace = tempWorkspace()
let host: Host | undefined

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await host?.close()
  await browser?.close()
  workspace.remove()
})


async function drag(page: Page, name: string, to: string) {
  await card(page, name).dragTo(column(page, to).locator('.column-body'))
}

describe('a sales rep in the browser', () => {
  it('creates a customer and an opportunity, moves it through the stages, is refused a skipped stage, and closes it', async () => {
    const opened = await openApp(browser, workspace.dir)
    host = opened.host
    const page = opened.page

    await expect(page.getByTestId('empty-pipeline').isVisible()).resolves.toBe(true)
    await page.getByRole('button', { name: 'New customer' }).first().click()
    await page.getByRole('dialog', { name: 'New customer' }).getByLabel('Name').fill('Initech')
    await page.getByRole('button', { name: 'Register customer' }).click()
    await page.getByRole('dialog').waitFor({ state: 'detached' })

    await page.getByRole('button', { name: 'New opportunity' }).first().click()
    const form = page.getByRole('dialog', { name: 'New opportunity' })
    await form.getByLabel('Name').fill('Initech rollout')
    await form.getByLabel('Amount').fill('24000')
    await form.getByLabel('Sales owner').fill('rep-7')
    await page.getByRole('button', { name: 'Create opportunity' }).click()
    await card(page, 'Initech rollout').waitFor()
    expect(await column(page, 'prospecting').getByTestId('card').count()).toBe(1)
    expect(await column(page, 'prospecting').getByTestId('column-amount').textContent()).toBe('$24,000.00')
    expect(await column(page, 'prospecting').getByTestId('column-weighted').textContent()).toBe('weighted $2,400.00')

    // Skipping qualification: the card snaps back and the rule speaks, with its code.
    await drag(page, 'Initech rollout', 'proposal')
    const refusal = page.getByTestId('toast').filter({ hasText: 'NOT_QUALIFIED' })
    await refusal.waitFor()
    await expect(refusal.textContent()).resolves.toMatch(/qualif/i)
    await column(page, 'prospecting').getByTestId('card').filter({ hasText: 'Initech rollout' }).waitFor()
    expect(await column(page, 'proposal').getByTestId('card').count()).toBe(0)

    await drag(page, 'Initech rollout', 'qualification')
    await column(page, 'qualification').getByTestId('card').filter({ hasText: 'Initech rollout' }).waitFor()
    await drag(page, 'Initech rollout', 'proposal')
    await column(page, 'proposal').getByTestId('card').filter({ hasText: 'Initech rollout' }).waitFor()
    expect(await column(page, 'proposal').getByTestId('column-weighted').textContent()).toBe('weighted $14,400.00')

    await drag(page, 'Initech rollout', 'closed_won')
    await column(page, 'closed_won').getByTestId('card').filter({ hasText: 'Initech rollout' }).waitFor()
    await page.getByTestId('save-state').filter({ hasText: 'Saved on disk' }).waitFor()

    // The history tells the story, with who did it.
    await card(page, 'Initech rollout').click()
    const history = page.getByTestId('history')
    await history.getByText('OpportunityWon').waitFor()
    expect(await history.locator('.event-type').allTextContents()).toEqual(['OpportunityCreated', 'OpportunityQualified', 'ProposalSent', 'OpportunityWon'])
    expect(await history.textContent()).toContain('rep')
    expect((page as Page & { problems?: string[] }).problems).toEqual([])
    await page.context().close()
  })

  it('finds the won deal still there after the browser is closed and the host restarted', async () => {
    await host!.close()
    const opened = await openApp(browser, workspace.dir)
    host = opened.host
    const page = opened.page
    await column(page, 'closed_won').getByTestId('card').filter({ hasText: 'Initech rollout' }).waitFor()
    expect(await column(page, 'closed_won').getByTestId('column-amount').textContent()).toBe('$24,000.00')
    await page.context().close()
  })

  it('sees revenue at risk appear when a customer turns high-risk, and clear when the risk drops', async () => {
    const opened = await openApp(browser, workspace.dir.replace(/workspace$/, 'risk'))
    const page = opened.page
    await page.getByRole('button', { name: 'New customer' }).first().click()
    await page.getByRole('dialog', { name: 'New customer' }).getByLabel('Name').fill('Hooli')
    await page.getByRole('button', { name: 'Register customer' }).click()
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'New opportunity' }).first().click()
    const form = page.getByRole('dialog', { name: 'New opportunity' })
    await form.getByLabel('Name').fill('Hooli expansion')
    await form.getByLabel('Kind').selectOption('expansion')
    await form.getByLabel('Amount').fill('10000')
    await page.getByRole('button', { name: 'Create opportunity' }).click()
    await card(page, 'Hooli expansion').waitFor()

    await page.getByRole('tab', { name: 'Customers' }).click()
    await page.getByLabel('Churn risk of Hooli').selectOption('high')
    // Flagging asks why.
    const flag = page.getByRole('dialog', { name: 'Flag churn risk: Hooli' })
    await flag.getByLabel('Champion left').check()
    await flag.getByRole('button', { name: 'Flag churn risk' }).click()
    await flag.waitFor({ state: 'detached' })
    await page.getByTestId('toast').filter({ hasText: 'Revenue at risk: Hooli expansion' }).waitFor()
    await page.getByRole('tab', { name: 'Revenue at risk' }).click()
    await page.getByTestId('risk-total').filter({ hasText: '10,000' }).waitFor()

    await page.getByRole('tab', { name: 'Customers' }).click()
    await page.getByLabel('Churn risk of Hooli').selectOption('medium')
    await page.getByRole('dialog', { name: 'Flag churn risk: Hooli' }).getByLabel('Other').check()
    await page.getByRole('dialog', { name: 'Flag churn risk: Hooli' }).getByLabel('In your words').fill('New champion signed on')
    await page.getByRole('button', { name: 'Flag churn risk' }).click()
    await page.getByRole('tab', { name: 'Revenue at risk' }).click()
    await page.getByTestId('risk-total').filter({ hasText: /^\$0\.00$/ }).waitFor()
    await page.context().close()
    await opened.host.close()
  })

  it('shows every rejection in words with its code, and refuses a page without the token', async () => {
    const opened = await openApp(browser, workspace.dir.replace(/workspace$/, 'other'))
    const page = opened.page
    await page.getByRole('button', { name: 'New customer' }).first().click()
    await page.getByRole('dialog', { name: 'New customer' }).getByLabel('Name').fill('   ')
    await page.getByRole('button', { name: 'Register customer' }).click()
    const toast = page.getByTestId('toast').first()
    await toast.waitFor()
    expect(await toast.getByTestId('toast-code').textContent()).toMatch(/^[A-Z_]+$/)
    expect(await toast.textContent()).not.toMatch(/at .*:\d+:\d+/)

    const stranger = await page.context().newPage()
    await stranger.goto(opened.host.origin + '/')
    await stranger.getByRole('alert').filter({ hasText: 'Stormbook is not reachable' }).waitFor()
    expect(await stranger.getByTestId('open-failed-code').textContent()).toBe('DISCONNECTED')
    await page.context().close()
    await opened.host.close()
  })
})
