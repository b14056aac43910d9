import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openApp, reloadApp } from './browser.ts'
import { e2eSuite } from './suite.ts'
import { axeViolations } from './trader-axe.ts'

const suite = e2eSuite()
const shots = process.env.TRADER_SHOTS

const form = (page: Page, name: string) => page.getByRole('form', { name })
const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) })
const figure = (page: Page, name: string) => page.getByTestId(`summary-${name}`)
const toast = (page: Page, text: string | RegExp) => page.getByTestId('toast').filter({ hasText: text })

async function expectFigure(page: Page, name: string, text: string) {
  await figure(page, name).filter({ hasText: new RegExp(`^${text.replace(/[.+$]/g, '\\$&')}$`) }).waitFor()
}

async function order(page: Page, side: 'Buy' | 'Sell', quantity: string, symbol: string, type: 'market' | 'limit' | 'stop', at?: string) {
  const ticket = form(page, 'Order ticket')
  await ticket.getByRole('radio', { name: side }).click()
  await ticket.getByLabel('Symbol').fill(symbol)
  await ticket.getByLabel('Quantity').fill(quantity)
  await ticket.getByLabel('Type').selectOption(type)
  if (at) await ticket.getByLabel(type === 'limit' ? 'Limit price' : 'Stop price').fill(at)
  await ticket.getByRole('button', { name: `Place ${side.toLowerCase()} order` }).click()
}

async function setPrice(page: Page, symbol: string, price: string) {
  await tab(page, 'Market').click()
  await form(page, 'Set price').getByLabel('Symbol').fill(symbol)
  await form(page, 'Set price').getByLabel('Price').fill(price)
  await form(page, 'Set price').getByRole('button', { name: 'Set price' }).click()
}

/** Steps the market until `done` is seen, as a trader clicks Step and watches (each step is one tick). */
async function stepUntil(page: Page, done: () => Promise<boolean>, steps = 200): Promise<number> {
  const step = page.getByRole('toolbar', { name: 'Market controls' }).getByRole('button', { name: 'Step' })
  for (let i = 1; i <= steps; i++) {
    await step.click()
    await step.and(page.locator(':enabled')).waitFor()
    if (await done()) return i
  }
  throw new Error(`not seen after ${steps} steps`)
}

const vendorCsv = (close3: string) => `Date,Ticker,Open,High,Low,Close,Adj Close,Volume
2027-01-04,GLOBEX,20,21,19,20.5,20.41,1200
2027-01-05,GLOBEX,20.5,22,20,21.75,21.66,1500
2027-01-06,GLOBEX,21.75,23,21,${close3},22.4,1800
2027-01-07,GLOBEX,22.5,22.75,1234.5,22,21.9,900
`

async function shot(page: Page, name: string) {
  if (!shots) return
  mkdirSync(shots, { recursive: true })
  await page.screenshot({ path: join(shots, `${name}.png`) })
}

describe('a trader\'s whole session at the desk', () => {
  it('deposits, buys, fills a limit as the market moves, triggers a stop loss, imports and replays prices, has a withdrawal bounced and refunded, closes the position and the portfolio, and finds it all after a reload', async () => {
    const { host, page } = await openApp(suite.browser, suite.workspace.dir)
    await page.getByRole('navigation').getByRole('button', { name: /Trading/ }).click()
    const open = form(page, 'Open portfolio')
    await open.getByLabel('Name').fill('Practice')
    await open.getByLabel('Owner').fill('ana')
    await open.getByRole('button', { name: 'Open portfolio' }).click()
    await page.getByTestId('portfolio-title').filter({ hasText: 'Practice' }).waitFor()
    await expectFigure(page, 'cash', '$0.00')

    // The practice controls: the market is paused, on a seed of the trader's choosing.
    await tab(page, 'Market').click()
    const controls = page.getByRole('toolbar', { name: 'Market controls' })
    await controls.getByRole('button', { name: 'Pause' }).click()
    await page.getByTestId('market-state').filter({ hasText: /^Paused/ }).waitFor()
    await controls.getByLabel('Seed', { exact: true }).fill('7')
    await controls.getByRole('button', { name: 'Set seed' }).click()
    await controls.getByRole('button', { name: 'Set seed' }).and(page.locator(':disabled')).waitFor()

    // Deposit: the wire system confirms at once.
    await tab(page, 'Transfers').click()
    await form(page, 'Deposit').getByLabel('Amount').fill('20000')
    await form(page, 'Deposit').getByRole('button', { name: 'Request funds' }).click()
    await page.getByTestId('transfer-row').filter({ hasText: 'confirmed' }).filter({ hasText: '$20,000.00' }).waitFor()
    await expectFigure(page, 'cash', '$20,000.00')

    // Buy at market.
    await setPrice(page, 'ACME', '50')
    await page.getByTestId('quote-row').filter({ hasText: 'ACME50.00' }).waitFor()
    await order(page, 'Buy', '100', 'ACME', 'market')
    await toast(page, 'Buy 100 ACME filled at 50.00').waitFor()
    await tab(page, 'Positions').click()
    await page.getByTestId('holding-row').filter({ hasText: 'ACME' }).filter({ hasText: '$5,000.00' }).waitFor()

    // A limit buy below the market waits, then fills as the market moves (one step at a time).
    await order(page, 'Buy', '50', 'ACME', 'limit', '49.75')
    await tab(page, 'Orders').click()
    await page.getByTestId('order-row').filter({ hasText: 'limit 49.75' }).filter({ hasText: 'pending' }).waitFor()
    await tab(page, 'Market').click()
    const filled = toast(page, /^Buy 50 ACME filled at/)
    await stepUntil(page, async () => (await filled.count()) > 0)
    await tab(page, 'Orders').click()
    await page.getByTestId('order-row').filter({ hasText: 'limit 49.75' }).filter({ hasText: 'fulfilled' }).waitFor()

    // A stop loss on the 150 shares triggers when the price falls through it.
    await order(page, 'Sell', '100', 'ACME', 'stop', '46')
    await page.getByTestId('order-row').filter({ hasText: 'stop 46.00' }).filter({ hasText: 'pending' }).waitFor()
    await setPrice(page, 'ACME', '45.10')
    await toast(page, 'Sell 100 ACME filled at 45.10').waitFor()
    await tab(page, 'Orders').click()
    await page.getByTestId('order-row').filter({ hasText: 'stop 46.00' }).filter({ hasText: 'fulfilled' }).waitFor()

    // Import a price history: a bad file lists its problems by line and imports nothing; a good one is previewed, then imported.
    await tab(page, 'Market').click()
    await controls.getByRole('button', { name: 'Import prices…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import prices' })
    await dialog.getByTestId('prices-file').setInputFiles({ name: 'globex.csv', mimeType: 'text/csv', buffer: Buffer.from(vendorCsv('oops')) })
    await dialog.getByTestId('import-problem').first().waitFor()
    expect(await dialog.getByTestId('import-problem').allInnerTexts()).toEqual([
      '4\tclose\t"oops" is not a price: it must be a decimal string above 0 with at most 6 fraction digits ("101.25")',
      '5\thigh\thigh 22.75 is below low 1,234.50',
    ])
    expect(await dialog.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true)
    expect(await axeViolations(page, '.import-prices')).toEqual([])
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })

    await controls.getByRole('button', { name: 'Import prices…' }).click()
    const good = vendorCsv('22.5').replace('22.75,1234.5,22', '22.75,21.5,22')
    await dialog.getByTestId('prices-file').setInputFiles({ name: 'globex.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
    await dialog.getByTestId('import-summary').filter({ hasText: 'GLOBEX: 4 daily bars, 2027-01-04 … 2027-01-07' }).waitFor()
    expect(await dialog.getByLabel('Close column').inputValue()).toBe('Close')
    expect(await dialog.getByLabel('Symbol column').inputValue()).toBe('Ticker')
    await shot(page, 'import-dialog')
    await dialog.getByRole('button', { name: 'Import 4 bars' }).click()
    await toast(page, 'Imported 4 daily bars of GLOBEX (2027-01-04 … 2027-01-07).').waitFor()

    // Replay it day by day with the practice controls.
    await controls.getByLabel('Replay imported days').click()
    await page.getByTestId('market-state').filter({ hasText: 'replay starts at 2027-01-04' }).waitFor()
    await controls.getByRole('button', { name: 'Step' }).click()
    await page.getByTestId('market-state').filter({ hasText: 'replaying 2027-01-04' }).waitFor()
    await page.getByTestId('quote-row').filter({ hasText: 'GLOBEX20.50' }).waitFor()
    await controls.getByRole('button', { name: 'Step' }).click()
    await page.getByTestId('quote-row').filter({ hasText: 'GLOBEX21.75' }).waitFor()
    await page.getByTestId('market-state').filter({ hasText: 'replaying 2027-01-05' }).waitFor()
    await controls.getByLabel('Replay imported days').click()
    await page.getByTestId('market-state').filter({ hasNotText: 'replay' }).waitFor()

    // Watch GLOBEX (kept in the workspace).
    await form(page, 'Watch a symbol').getByLabel('Symbol').fill('globex')
    await form(page, 'Watch a symbol').getByRole('button', { name: 'Watch' }).click()
    await page.getByTestId('watch-row').filter({ hasText: 'GLOBEX21.75' }).waitFor()

    // A withdrawal in manual wire mode bounces and is refunded.
    await tab(page, 'Transfers').click()
    const cashBefore = (await figure(page, 'cash').textContent())!
    await page.getByLabel('Wire mode').selectOption('manual')
    await form(page, 'Withdraw').getByLabel('Amount').fill('1000')
    await form(page, 'Withdraw').getByRole('button', { name: 'Send funds' }).click()
    const sent = page.getByTestId('transfer-row').filter({ hasText: 'sent' })
    await sent.waitFor()
    await sent.getByRole('button', { name: 'Reject…' }).click()
    await page.getByLabel('Rejection reason').fill('account closed')
    await page.getByRole('button', { name: 'Reject', exact: true }).click()
    await page.getByTestId('transfer-row').filter({ hasText: 'refunded' }).filter({ hasText: '$1,000.00' }).waitFor()
    await expectFigure(page, 'cash', cashBefore)
    await page.getByLabel('Wire mode').selectOption('auto')
    await shot(page, 'desk-transfers')

    // Close the remaining position from its row: a prefilled market sell.
    await tab(page, 'Positions').click()
    await page.getByRole('button', { name: 'Close position ACME' }).click()
    expect(await form(page, 'Order ticket').getByLabel('Quantity').inputValue()).toBe('50')
    await form(page, 'Order ticket').getByRole('button', { name: 'Place sell order' }).click()
    await toast(page, 'Sell 50 ACME filled at 45.10').waitFor()
    await page.getByTestId('no-holdings').waitFor()

    // Close the portfolio: refused while it holds cash, then closed once the cash is withdrawn.
    const cash = (await figure(page, 'cash').textContent())!
    await page.getByRole('button', { name: 'Close portfolio' }).click()
    await toast(page, `Practice cannot be closed: it still holds cash ${cash}. First withdraw the cash.`).waitFor()
    await tab(page, 'Transfers').click()
    await form(page, 'Withdraw').getByLabel('Amount').fill(cash.replace(/[$,]/g, ''))
    await form(page, 'Withdraw').getByRole('button', { name: 'Send funds' }).click()
    await expectFigure(page, 'cash', '$0.00')
    await page.getByRole('button', { name: 'Close portfolio' }).click()
    await page.getByTestId('portfolio-status').filter({ hasText: 'closed' }).waitFor()

    // Reload: everything is still there.
    await reloadApp(page)
    await page.getByRole('navigation').getByRole('button', { name: /Trading/ }).click()
    await page.getByTestId('portfolio-status').filter({ hasText: 'closed' }).waitFor()
    await expectFigure(page, 'cash', '$0.00')
    await expectFigure(page, 'realized', (await figure(page, 'realized').textContent())!)
    await tab(page, 'Orders').click()
    expect(await page.getByTestId('order-status').allTextContents()).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
    await tab(page, 'Transfers').click()
    expect(await page.getByTestId('transfer-status').allTextContents()).toEqual(['confirmed', 'refunded', 'confirmed'])
    await page.getByTestId('watch-row').filter({ hasText: 'GLOBEX' }).waitFor()
    await tab(page, 'Market').click()
    await page.getByTestId('market-state').filter({ hasText: /^Paused/ }).waitFor()
    expect(await controls.getByLabel('Seed', { exact: true }).inputValue()).toBe('7')
    expect(await controls.getByLabel('Replay imported days').isEnabled()).toBe(true)

    expect((page as Page & { problems?: string[] }).problems).toEqual([])
    await page.context().close()
    await host.close()
  })
})
