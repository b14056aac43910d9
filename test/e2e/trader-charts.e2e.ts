import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { importHistory } from '../../main/app/market-files.ts'
import { openApp, reloadApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const workspace = suite.workspace
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')
const shots = process.env.CHART_SHOTS

/** 30 daily bars of ACME ending yesterday (UTC), closing from 100.00 up to 129.00 a dollar a day. */
function acmeBars(): string {
  const lines = ['date,open,high,low,close,volume']
  const today = Date.parse(new Date().toISOString().slice(0, 10))
  for (let i = 0; i < 30; i++) {
    const date = new Date(today - (30 - i) * 86_400_000).toISOString().slice(0, 10)
    const close = 100 + i
    lines.push(`${date},${close - 0.5},${close + 1.25},${close - 1.5},${close},${1000 + i}`)
  }
  return lines.join('\n') + '\n'
}

const form = (page: Page, name: string) => page.getByRole('form', { name })
const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) })

async function seriousViolations(page: Page): Promise<string[]> {
  // The app's CSP ('script-src self') refuses an injected <script>: evaluate axe's source instead.
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe
    const result = await axe.run(document.getElementById('performance'))
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`)
  })
}

describe('a trader reads the value over time and a price chart', () => {
  it('deposits, buys ACME (which has imported daily bars), withdraws, and reads both charts; still there after a reload', async () => {
    importHistory(workspace.dir, { csv: acmeBars(), symbol: 'ACME' }, 'held')
    const { host, page } = await openApp(suite.browser, workspace.dir)
    try {
      await page.keyboard.press('2')
      const open = form(page, 'Open portfolio')
      await open.getByLabel('Name').fill('Long term')
      await open.getByRole('button', { name: 'Open portfolio' }).click()
      await page.getByTestId('portfolio-title').filter({ hasText: 'Long term' }).waitFor()

      await tab(page, 'Transfers').click()
      const deposit = form(page, 'Deposit')
      await deposit.getByLabel('Amount').fill('9000')
      await deposit.getByRole('button', { name: 'Request funds' }).click()
      await page.getByTestId('summary-cash').filter({ hasText: /^\$9,000\.00$/ }).waitFor()

      // One step of the market replays the imported bars: ACME stands at yesterday's close, 129.00.
      await tab(page, 'Market').click()
      await page.getByRole('toolbar', { name: 'Market controls' }).getByRole('button', { name: 'Step' }).click()
      const ticket = form(page, 'Order ticket')
      await ticket.getByLabel('Symbol').fill('ACME')
      await ticket.getByLabel('Quantity').fill('10')
      await ticket.getByRole('button', { name: 'Place buy order' }).click()
      await tab(page, 'Positions').click()
      await page.getByTestId('holding-row').filter({ hasText: 'ACME' }).waitFor()
      await page.getByTestId('summary-cash').filter({ hasText: /^\$7,700\.01$/ }).waitFor()

      // The value over time: 9,000 in, 1,299.99 spent on 10 shares worth 1,290.00.
      await tab(page, 'Performance').click()
      const summary = page.getByTestId('value-summary')
      await summary.filter({ hasText: '→ $8,990.01' }).waitFor()
      expect(await summary.textContent()).toContain('Deposits less withdrawals $9,000.00; P&L -$9.99: realized $0.00, unrealized -$9.99.')
      expect(await page.getByTestId('value-chart').locator('.mark-deposit').count()).toBe(1)

      await tab(page, 'Transfers').click()
      const withdraw = form(page, 'Withdraw')
      await withdraw.getByLabel('Amount').fill('1000')
      await withdraw.getByRole('button', { name: 'Send funds' }).click()
      await tab(page, 'Performance').click()
      await summary.filter({ hasText: '→ $7,990.01' }).waitFor()
      expect(await summary.textContent()).toContain('Deposits less withdrawals $8,000.00')
      await page.getByTestId('value-chart').locator('.mark-withdrawal').waitFor()

      // The holding's "Chart": candles from the imported bars, the buy marked.
      await tab(page, 'Positions').click()
      await page.getByTestId('holding-row').filter({ hasText: 'ACME' }).getByRole('button', { name: 'Price chart of ACME' }).click()
      const price = page.getByTestId('price-summary')
      await price.waitFor()
      expect(await price.textContent()).toMatch(/^ACME 100\.00 on \w{3} \d+ → 129\.00 on \w{3} \d+ \(\+29\.00, \+29\.00%\); 30 daily bars; 1 fill in this portfolio: 1 buy, 0 sells\.$/)
      const chart = page.getByTestId('price-chart')
      expect(await chart.locator('g.candle').count()).toBe(30)
      expect(await chart.locator('.fill-marker.buy').count()).toBe(1)
      expect(await chart.getByRole('img', { name: /^ACME price chart \(daily candles\)\. ACME 100\.00/ }).count()).toBe(1)

      if (shots) {
        mkdirSync(shots, { recursive: true })
        await page.mouse.move(0, 0)
        await page.locator('#performance').screenshot({ path: join(shots, 'performance-light.png') })
      }
      expect(await seriousViolations(page), 'light theme').toEqual([])

      await reloadApp(page)
      await page.keyboard.press('2')
      await tab(page, 'Performance').click()
      await page.getByTestId('value-summary').filter({ hasText: '→ $7,990.01' }).waitFor()
      expect((page as Page & { problems?: string[] }).problems).toEqual([])
    } finally {
      await host.close()
    }
  })

  it('has no serious or critical accessibility violation on the Performance pane in the dark theme', async () => {
    const { host, page } = await openApp(suite.browser, workspace.dir, { theme: 'dark' })
    try {
      await page.keyboard.press('2')
      await tab(page, 'Performance').click()
      await page.getByTestId('value-summary').filter({ hasText: '→ $7,990.01' }).waitFor()
      await page.getByRole('combobox', { name: 'Price chart symbol' }).selectOption('ACME')
      await page.getByTestId('price-chart').locator('g.candle').first().waitFor()
      if (shots) await page.locator('#performance').screenshot({ path: join(shots, 'performance-dark.png') })
      expect(await seriousViolations(page), 'dark theme').toEqual([])
    } finally {
      await host.close()
    }
  })
})
