import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openApp, tempWorkspace } from './browser.ts'
import { e2eSuite } from './suite.ts'
import { axeViolations } from './trader-axe.ts'

const suite = e2eSuite()
const shots = process.env.TRADER_SHOTS
const form = (page: Page, name: string) => page.getByRole('form', { name })

/** A desk with something in every pane: cash, a holding, a filled and a waiting order, a transfer, quotes and a watched symbol. */
async function fillDesk(page: Page) {
  await form(page, 'Open portfolio').getByLabel('Name').fill('Growth')
  await form(page, 'Open portfolio').getByLabel('Owner').fill('ana')
  await form(page, 'Open portfolio').getByRole('button', { name: 'Open portfolio' }).click()
  await page.getByTestId('portfolio-title').waitFor()
  await page.getByRole('tab', { name: /^Transfers/ }).click()
  await form(page, 'Deposit').getByLabel('Amount').fill('25000')
  await form(page, 'Deposit').getByRole('button', { name: 'Request funds' }).click()
  await page.getByTestId('transfer-row').filter({ hasText: 'confirmed' }).waitFor()
  await page.getByRole('tab', { name: /^Market/ }).click()
  for (const [symbol, price] of [['ACME', '50'], ['BOLT', '12.40']]) {
    await form(page, 'Set price').getByLabel('Symbol').fill(symbol)
    await form(page, 'Set price').getByLabel('Price').fill(price)
    await form(page, 'Set price').getByRole('button', { name: 'Set price' }).click()
    await page.getByTestId('quote-row').filter({ hasText: symbol }).waitFor()
  }
  const ticket = form(page, 'Order ticket')
  await ticket.getByLabel('Symbol').fill('ACME')
  await ticket.getByLabel('Quantity').fill('200')
  await ticket.getByRole('button', { name: 'Place buy order' }).click()
  await page.getByTestId('toast').filter({ hasText: 'Buy 200 ACME filled' }).waitFor()
  await ticket.getByLabel('Symbol').fill('BOLT')
  await ticket.getByLabel('Quantity').fill('500')
  await ticket.getByLabel('Type').selectOption('limit')
  await ticket.getByLabel('Limit price').fill('11.90')
  await ticket.getByRole('button', { name: 'Place buy order' }).click()
  await page.getByRole('tab', { name: /^Orders ?2$/ }).waitFor()
  for (const symbol of ['ACME', 'BOLT']) {
    await form(page, 'Watch a symbol').getByLabel('Symbol').fill(symbol)
    await form(page, 'Watch a symbol').getByRole('button', { name: 'Watch' }).click()
  }
  await page.getByTestId('watch-row').nth(1).waitFor()
}

describe('the trading screens for everyone', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violation on the portfolio list, every pane of the desk, the ticket and the import dialog (${theme} theme)`, async () => {
      const workspace = tempWorkspace()
      const { host, page } = await openApp(suite.browser, workspace.dir, { theme })
      try {
        await page.getByRole('navigation').getByRole('button', { name: /Trading/ }).click()
        await page.getByTestId('empty-trading').waitFor()
        expect(await axeViolations(page, '.trading'), 'no portfolio yet').toEqual([])
        await fillDesk(page)
        for (const pane of ['Positions', 'Orders', 'Transfers', 'Market']) {
          await page.getByRole('tab', { name: new RegExp(`^${pane}`) }).click()
          await page.getByRole('tabpanel').waitFor()
          expect(await axeViolations(page, '.trading'), `${pane} pane`).toEqual([])
          if (shots) {
            mkdirSync(shots, { recursive: true })
            await page.screenshot({ path: join(shots, `desk-${pane.toLowerCase()}-${theme}.png`) })
          }
        }
        // The tabs answer the arrow keys.
        await page.getByRole('tab', { name: /^Market/ }).focus()
        await page.keyboard.press('ArrowLeft')
        expect(await page.getByRole('tab', { name: /^Transfers/ }).getAttribute('aria-selected')).toBe('true')
        await page.keyboard.press('Home')
        expect(await page.getByRole('tab', { name: /^Positions/ }).getAttribute('aria-selected')).toBe('true')

        await page.getByRole('tab', { name: /^Market/ }).click()
        await page.getByRole('button', { name: 'Import prices…' }).click()
        const dialog = page.getByRole('dialog', { name: 'Import prices' })
        await dialog.getByTestId('prices-file').setInputFiles({ name: 'acme.csv', mimeType: 'text/csv', buffer: Buffer.from('Date,Open,High,Low,Close\n2027-01-04,50,51,49,50.5\n2027-01-05,50.5,52,50,51\n') })
        await dialog.getByLabel('Symbol of these bars').fill('ACME')
        await dialog.getByTestId('import-preview').waitFor()
        expect(await axeViolations(page, '.import-prices'), 'import dialog').toEqual([])
        // Modal: the focus stays in the dialog, and Esc closes it.
        for (let i = 0; i < 15; i++) await page.keyboard.press('Tab')
        expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true)
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'detached' })
        expect((page as Page & { problems?: string[] }).problems).toEqual([])
      } finally {
        await page.context().close()
        await host.close()
        workspace.remove()
      }
    })
  }
})
