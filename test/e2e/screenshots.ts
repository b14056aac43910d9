import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { launchBrowser, openApp, tempWorkspace } from './browser.ts'

/** `npm run screenshots`: PNGs of the main screens into docs/screenshots/, from a sample workspace. */
const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
mkdirSync(out, { recursive: true })

const browser = await launchBrowser()
const workspace = tempWorkspace()
try {
  const empty = await openApp(browser, workspace.dir)
  await shot(empty.page, 'empty-state')
  await empty.page.getByRole('button', { name: 'Load a sample pipeline' }).click()
  await empty.page.getByTestId('card').first().waitFor()
  await empty.page.getByTestId('toast').first().waitFor()
  await empty.page.context().close()
  await empty.host.close()

  for (const theme of ['light', 'dark'] as const) {
    const { host, page } = await openApp(browser, workspace.dir, { theme })
    await page.getByTestId('card').first().waitFor()
    await shot(page, `pipeline-${theme}`)
    if (theme === 'dark') {
      await page.context().close()
      await host.close()
      continue
    }
    await page.getByTestId('card').first().click()
    await page.getByTestId('history').locator('li').first().waitFor()
    await shot(page, 'opportunity-detail')
    await page.getByRole('button', { name: 'Close', exact: true }).click()
    await page.getByRole('tab', { name: 'Customers' }).click()
    const churn = page.getByLabel(/^Churn risk of Initech/)
    if ((await churn.count()) > 0 && (await churn.inputValue()) !== 'high') {
      await churn.selectOption('high')
      // Flagging asks why.
      const flag = page.getByRole('dialog', { name: /^Flag churn risk: Initech/ })
      await flag.getByLabel('Champion left').check()
      await flag.getByRole('button', { name: 'Flag churn risk' }).click()
      await flag.waitFor({ state: 'detached' })
      await page.getByTestId('toast').filter({ hasText: 'Revenue at risk' }).first().waitFor()
    }
    await shot(page, 'customers')
    await page.getByRole('tab', { name: 'Revenue at risk' }).click()
    await shot(page, 'revenue-at-risk')
    await salesToolShots(page)
    await page.getByRole('tab', { name: 'Board' }).click()
    await drag(page)
    await page.getByTestId('toast').first().waitFor()
    await shot(page, 'rejection-toast')
    await page.keyboard.press('Control+k')
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor()
    await shot(page, 'command-palette')
    await page.keyboard.press('Escape')
    await page.keyboard.press('?')
    await shot(page, 'shortcuts')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: /Timeline/ }).click()
    await page.getByTestId('storm-column').first().waitFor()
    await page.getByRole('tab', { name: 'List' }).click()
    await page.getByTestId('timeline').waitFor()
    await shot(page, 'timeline')
    await page.getByRole('tab', { name: 'Storm' }).click()
    await page.getByRole('button', { name: /Flows/ }).click()
    await page.locator('.flow').first().waitFor()
    await page.getByTestId('flow-revenue-at-risk.flow.json').getByRole('button', { name: 'Check' }).click()
    await page.getByTestId('flow-report').waitFor()
    await shot(page, 'flows')
    await page.context().close()
    await host.close()
  }
  await tradingShots(workspace.dir.replace(/workspace$/, 'trading'))
} finally {
  await browser.close()
  workspace.remove()
}

/** The sales rep's tools: metrics, the table view, an inline edit and the CSV import's preview. */
async function salesToolShots(page: Page) {
  await page.getByRole('tab', { name: 'Metrics' }).click()
  await page.getByTestId('metrics').locator('.recharts-surface').first().waitFor()
  await shot(page, 'metrics')
  await page.getByRole('tab', { name: 'Board' }).click()
  await page.getByRole('button', { name: 'Table', exact: true }).click()
  await page.getByRole('button', { name: /^Amount/ }).click()
  await page.getByTestId('table-row').filter({ hasText: 'Prospecting' }).first().click()
  await page.getByTestId('field-amount').click()
  await shot(page, 'pipeline-table')
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Close', exact: true }).click()
  await page.getByRole('button', { name: 'Kanban', exact: true }).click()
  const csv = [
    'Deal Name,Account Name,Amount,Expected Close Date,Deal Owner,Type',
    'Initech upgrade,Initech,"12,500",2027-04-30,rep-7,expansion',
    'Globex add-on,Globex,4000,2027-05-31,rep-9,expansion',
    'Broken deal,Initech,-20,2027-13-01,rep-7,new',
    'Hooli pilot,Hooli,8000,2027-06-30,rep-9,new',
  ].join('\n')
  await page.getByRole('button', { name: 'Import CSV' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import CSV' })
  await dialog.getByTestId('csv-file').setInputFiles({ name: 'crm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await dialog.getByTestId('mapping').waitFor()
  await shot(page, 'csv-import-mapping')
  await dialog.getByRole('button', { name: /^Preview/ }).click()
  await dialog.getByTestId('preview-summary').waitFor()
  await shot(page, 'csv-import')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
}

/** A prospecting card dragged straight to Proposal: the refusal the rule gives. */
async function drag(page: Page) {
  const card = page.getByTestId('column-prospecting').getByTestId('card').first()
  if ((await card.count()) === 0) return
  await card.dragTo(page.getByTestId('column-proposal').locator('.column-body'))
}

/** The trader's desk at 1440×900 on a practice portfolio: holdings at a gain, a waiting limit buy and stop sell, transfers, a watch list. */
async function tradingShots(dir: string) {
  const { host, page } = await openApp(browser, dir)
  await page.getByRole('navigation').getByRole('button', { name: /Trading/ }).click()
  const form = (name: string) => page.getByRole('form', { name })
  const pane = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click()
  await form('Open portfolio').getByLabel('Name').fill('Growth')
  await form('Open portfolio').getByLabel('Owner').fill('ana')
  await form('Open portfolio').getByRole('button', { name: 'Open portfolio' }).click()
  await page.getByTestId('portfolio-title').waitFor()
  await pane('Market')
  await page.getByRole('toolbar', { name: 'Market controls' }).getByRole('button', { name: 'Pause' }).click()
  await page.getByTestId('market-state').filter({ hasText: /^Paused/ }).waitFor()
  await pane('Transfers')
  await form('Deposit').getByLabel('Amount').fill('25000')
  await form('Deposit').getByRole('button', { name: 'Request funds' }).click()
  await page.getByTestId('transfer-row').filter({ hasText: 'confirmed' }).waitFor()
  const price = async (symbol: string, value: string) => {
    await pane('Market')
    await form('Set price').getByLabel('Symbol').fill(symbol)
    await form('Set price').getByLabel('Price').fill(value)
    await form('Set price').getByRole('button', { name: 'Set price' }).click()
    await page.getByTestId('quote-row').filter({ hasText: symbol }).waitFor()
  }
  const order = async (symbol: string, side: 'Buy' | 'Sell', quantity: string, type: 'market' | 'limit' | 'stop', at?: string) => {
    const ticket = form('Order ticket')
    await pane('Orders')
    const count = await page.getByTestId('order-row').count()
    await ticket.getByRole('radio', { name: side }).click()
    await ticket.getByLabel('Symbol').fill(symbol)
    await ticket.getByLabel('Quantity').fill(quantity)
    await ticket.getByLabel('Type').selectOption(type)
    if (at) await ticket.getByLabel(type === 'limit' ? 'Limit price' : 'Stop price').fill(at)
    await ticket.getByRole('button', { name: /^Place/ }).click()
    await page.getByTestId('order-row').nth(count).waitFor()
  }
  await price('ACME', '50')
  await price('BOLT', '12.40')
  await order('ACME', 'Buy', '200', 'market')
  await order('BOLT', 'Buy', '500', 'market')
  await price('ACME', '53.25')
  await price('BOLT', '12.85')
  await order('ACME', 'Buy', '100', 'limit', '48')
  await order('BOLT', 'Sell', '200', 'stop', '11')
  await pane('Transfers')
  await form('Withdraw').getByLabel('Amount').fill('1000')
  await form('Withdraw').getByRole('button', { name: 'Send funds' }).click()
  await page.getByTestId('transfer-row').nth(1).waitFor()
  for (const symbol of ['ACME', 'BOLT']) {
    await form('Watch a symbol').getByLabel('Symbol').fill(symbol)
    await form('Watch a symbol').getByRole('button', { name: 'Watch' }).click()
  }
  await page.getByTestId('watch-row').nth(1).waitFor()
  await form('Order ticket').getByLabel('Symbol').fill('ACME')
  await form('Order ticket').getByLabel('Quantity').fill('50')
  await form('Order ticket').getByLabel('Type').selectOption('limit')
  await form('Order ticket').getByLabel('Limit price').fill('52')
  await form('Order ticket').getByRole('radio', { name: 'Buy' }).click()
  await pane('Positions')
  await page.getByTestId('holding-row').nth(1).waitFor()
  await shot(page, 'trading')
  await page.context().close()
  await host.close()
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(150)
  await page.screenshot({ path: join(out, `${name}.png`) })
  console.log(`docs/screenshots/${name}.png`)
}
