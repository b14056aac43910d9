import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Host } from '../../main/host/host.ts'
import { openApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
/** Where to save the screenshots (the board and the customer page, each theme), when set. */
const shots = process.env.CUSTOMER_SHOTS

const problems = (page: Page) => (page as Page & { problems?: string[] }).problems
const customerPage = (page: Page) => page.getByTestId('customer-page')
const dealRow = (page: Page, name: string) => customerPage(page).getByTestId('customer-deal').filter({ hasText: name })
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')

/** Acme Corp with a new deal, an expansion deal and a won pilot; Globex with one deal. */
async function seed(host: Host) {
  const send = async (command: string, data: Record<string, unknown>) => {
    const result = await host.workspace.engine.dispatch({ command, data, actor: 'Dana' })
    if (!result.ok) throw new Error(`${command}: ${result.error.code}`)
  }
  const deal = (opportunityId: string, customerId: string, name: string, kind: string, amount: string) =>
    send('CreateOpportunity', { opportunityId, customerId, name, kind, amount, closeDate: '2027-06-30', salesOwner: 'Dana' })
  await send('RegisterCustomer', { customerId: 'c-acme', name: 'Acme Corp', segment: 'Enterprise' })
  await send('RegisterCustomer', { customerId: 'c-globex', name: 'Globex' })
  await deal('o-platform', 'c-acme', 'Acme platform', 'new', '48000')
  await deal('o-seats', 'c-acme', 'Acme extra seats', 'expansion', '12000')
  await deal('o-pilot', 'c-acme', 'Acme pilot', 'new', '5000')
  await deal('o-globex', 'c-globex', 'Globex renewal', 'renewal', '9000')
  await send('QualifyOpportunity', { opportunityId: 'o-pilot' })
  await send('SendProposal', { opportunityId: 'o-pilot' })
  await send('CloseOpportunity', { opportunityId: 'o-pilot', outcome: 'won' })
}

async function shot(page: Page, name: string) {
  if (!shots) return
  mkdirSync(shots, { recursive: true })
  await page.waitForTimeout(150)
  await page.screenshot({ path: join(shots, `${name}.png`) })
}

describe("a rep's customer page", () => {
  it('opens a customer from the Customers view, sees its deals and amounts, flags churn risk with a reason, and sees revenue at risk follow', async () => {
    const { host, page } = await openApp(suite.browser, suite.workspace.dir.replace(/workspace$/, 'customer-light'))
    try {
      await seed(host)
      await page.getByTestId('card').filter({ hasText: 'Acme platform' }).waitFor()
      await page.getByRole('tab', { name: 'Customers' }).click()

      // From the keyboard: the customer's name in its row, then Enter.
      const link = page.getByTestId('customers').getByRole('button', { name: 'Acme Corp' })
      await link.focus()
      await page.keyboard.press('Enter')
      await customerPage(page).getByRole('heading', { name: 'Acme Corp' }).waitFor()
      expect(await focused(page)).toBe('Acme Corp')
      expect(await customerPage(page).textContent()).toContain('Enterprise')

      // Its deals, open and closed, by name with their amounts in the workspace's currency.
      await dealRow(page, 'Acme platform').filter({ hasText: '$48,000.00' }).waitFor()
      expect(await dealRow(page, 'Acme extra seats').textContent()).toContain('$12,000.00')
      expect(await dealRow(page, 'Acme pilot').textContent()).toMatch(/Won.*\$5,000\.00/)
      expect(await customerPage(page).getByTestId('customer-deal').count()).toBe(3)
      expect(await customerPage(page).textContent()).not.toContain('Globex')
      expect(await page.getByTestId('customer-open').textContent()).toContain('$60,000.00')
      expect(await page.getByTestId('customer-risk').textContent()).toContain('$0.00')
      // No id on screen but in the Details area, which shows it when opened.
      expect(await customerPage(page).innerText()).not.toContain('c-acme')
      await customerPage(page).getByText('Details').click()
      expect(await customerPage(page).innerText()).toContain('c-acme')

      // Flag churn risk from the page, in the rep's own words.
      await customerPage(page).getByRole('button', { name: 'Flag churn risk…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Flag churn risk: Acme Corp' })
      expect(await dialog.getByLabel('Level').inputValue()).toBe('high')
      await dialog.getByLabel('Other').check()
      await dialog.getByLabel('In your words').fill('Their CFO froze all new spending')
      await dialog.getByRole('button', { name: 'Flag churn risk' }).click()
      await dialog.waitFor({ state: 'detached' })

      const change = page.getByTestId('churn-change').first()
      await change.filter({ hasText: 'Their CFO froze all new spending' }).waitFor()
      expect(await change.textContent()).toMatch(/high.*from low.*by rep/)
      await page.getByTestId('customer-churn-risk').filter({ hasText: 'high' }).waitFor()
      // The RevenueAtRisk policy flags the open expansion deal: the page's revenue at risk follows.
      await page.getByTestId('customer-risk').filter({ hasText: '$12,000.00' }).waitFor()
      expect(await dealRow(page, 'Acme extra seats').textContent()).toContain('at risk')
      expect(await dealRow(page, 'Acme platform').textContent()).not.toContain('at risk')
      await shot(page, 'customer-page')

      // A deal opens its panel; Esc closes it and gives focus back to the deal's name on the page.
      await dealRow(page, 'Acme platform').getByRole('button', { name: 'Acme platform' }).click()
      await page.getByTestId('opportunity-detail').getByRole('heading', { name: 'Acme platform' }).waitFor()
      await page.keyboard.press('Escape')
      await page.getByTestId('opportunity-detail').waitFor({ state: 'detached' })
      expect(await focused(page)).toBe('Acme platform')
      await customerPage(page).waitFor()

      // Esc again closes the page: back on the Customers view, focus on the customer it was opened from.
      await page.keyboard.press('Escape')
      await customerPage(page).waitFor({ state: 'detached' })
      await page.getByTestId('customers').waitFor()
      expect(await focused(page)).toBe('Acme Corp')
      expect(await page.locator('body').textContent()).not.toMatch(/c-acme|o-platform/)
      await page.getByRole('tab', { name: 'Board' }).click()
      await page.getByTestId('card').filter({ hasText: 'Acme extra seats' }).filter({ hasText: 'at risk $12,000.00' }).waitFor()
      await shot(page, 'board-light')
      expect(problems(page)).toEqual([])
    } finally {
      await page.context().close()
      await host.close()
    }
  })

  it('opens from a deal panel and comes back to it; shows the page as of the replay cursor with its commands disabled', async () => {
    const { host, page } = await openApp(suite.browser, suite.workspace.dir.replace(/workspace$/, 'customer-replay'))
    try {
      await seed(host)
      await page.getByTestId('card').filter({ hasText: 'Acme platform' }).click()
      const detail = page.getByTestId('opportunity-detail')
      await detail.getByRole('button', { name: 'Acme Corp' }).click()
      await customerPage(page).getByRole('heading', { name: 'Acme Corp' }).waitFor()
      await detail.waitFor({ state: 'detached' })
      await page.keyboard.press('Escape')
      await detail.getByRole('heading', { name: 'Acme platform' }).waitFor()
      await customerPage(page).waitFor({ state: 'detached' })
      await page.keyboard.press('Escape')
      await detail.waitFor({ state: 'detached' })

      // The palette finds the customer and opens its page.
      await page.keyboard.press('Control+k')
      await page.keyboard.type('acme corp')
      await page.getByRole('dialog', { name: 'Command palette' }).getByRole('option', { name: /Customer: Acme Corp/ }).click()
      await customerPage(page).getByRole('heading', { name: 'Acme Corp' }).waitFor()
      await dealRow(page, 'Acme pilot').waitFor()

      // On the page, the palette offers its actions: a new deal is for this customer.
      await page.keyboard.press('Control+k')
      await page.keyboard.type('new deal for')
      await page.getByRole('dialog', { name: 'Command palette' }).getByRole('option', { name: /New deal for Acme Corp/ }).click()
      const form = page.getByRole('dialog', { name: 'New opportunity' })
      expect(await form.getByLabel('Customer').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0].text)).toBe('Acme Corp')
      await page.keyboard.press('Escape')
      await form.waitFor({ state: 'detached' })
      await customerPage(page).waitFor()

      // Replaying from the start: the page shows Acme as it was at its registration, and refuses commands.
      await page.keyboard.press('Control+k')
      await page.keyboard.type('replay the log from the start')
      await page.keyboard.press('Enter')
      await page.getByTestId('replay-banner').waitFor()
      await page.getByRole('navigation').getByRole('button', { name: /Pipeline/ }).click()
      await customerPage(page).getByText('No deals yet.').waitFor()
      expect(await customerPage(page).getByRole('button', { name: 'Flag churn risk…' }).isDisabled()).toBe(true)
      expect(await customerPage(page).getByRole('button', { name: 'New deal' }).isDisabled()).toBe(true)
      await page.getByTestId('replay-banner').getByRole('button', { name: /Back to now/ }).click()
      await dealRow(page, 'Acme pilot').waitFor()
      expect(await customerPage(page).getByRole('button', { name: 'Flag churn risk…' }).isDisabled()).toBe(false)
      expect(problems(page)).toEqual([])
    } finally {
      await page.context().close()
      await host.close()
    }
  })

  it('reads well in the dark theme: the board and the customer page', async () => {
    const { host, page } = await openApp(suite.browser, suite.workspace.dir.replace(/workspace$/, 'customer-dark'), { theme: 'dark' })
    try {
      await seed(host)
      await host.workspace.engine.dispatch({ command: 'FlagChurnRisk', data: { customerId: 'c-acme', level: 'high', reason: 'Champion left' }, actor: 'Dana' })
      await page.getByTestId('card').filter({ hasText: 'Acme extra seats' }).filter({ hasText: 'at risk' }).waitFor()
      // The notification names the deal, even when it came before the board had loaded it.
      await page.getByTestId('toast').filter({ hasText: 'Revenue at risk: Acme extra seats ($12,000.00)' }).waitFor()
      expect(await page.getByTestId('toast').allTextContents()).not.toContainEqual(expect.stringContaining('o-seats'))
      await shot(page, 'board-dark')
      // The sidebar's icons are drawn (lucide), not glyphs.
      expect(await page.locator('.sidebar .nav .icon svg').count()).toBe(5)
      expect(await page.locator('.sidebar').textContent()).not.toMatch(/[▤↗☰▶⚙⚡]/)
      await page.getByRole('tab', { name: 'Customers' }).click()
      await page.getByTestId('customers').getByRole('button', { name: 'Acme Corp' }).click()
      await page.getByTestId('churn-change').filter({ hasText: 'Champion left' }).filter({ hasText: 'by Dana' }).waitFor()
      await page.getByTestId('customer-risk').filter({ hasText: '$12,000.00' }).waitFor()
      await shot(page, 'customer-page-dark')
      expect(problems(page)).toEqual([])
    } finally {
      await page.context().close()
      await host.close()
    }
  })
})
