import { cpus, loadavg } from 'node:os'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { formatPrice } from '../../domain/kernel/money-format.ts'
import type { SimulatedMarket } from '../../main/app/market.ts'
import { openApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const SYMBOLS = ['ACME', 'BOLT', 'CORE', 'DYNA', 'EPIC', 'FLUX', 'GLOBEX', 'HALO', 'IONS', 'JADE']
const SECONDS = 30
/**
 * A main-thread budget means nothing when the machine has more runnable work than cores (a 15 ms task
 * then takes 60 ms of wall time): the test waits for the load to settle, and on a machine that stays busy
 * the measure is skipped, saying why, not loosened.
 */
const busy = () => loadavg()[0] > cpus().length * 1.5

/** Gives the machine up to two minutes to settle first: the end-to-end files before this one leave the load up. */
async function settles(): Promise<boolean> {
  for (let waited = 0; busy() && waited < 120_000; waited += 5000) await new Promise((resolve) => setTimeout(resolve, 5000))
  return !busy()
}

const overloaded = !(await settles())

const form = (page: Page, name: string) => page.getByRole('form', { name })

/** Records every long task (over 50 ms) of the page's main thread, and each key's time to the next paint. */
function observe(): void {
  const w = window as unknown as { longTasks: number[]; keyLatencies: number[] }
  w.longTasks = []
  w.keyLatencies = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.longTasks.push(entry.duration)
  }).observe({ type: 'longtask', buffered: false })
  // Key to paint: from the key event's time to the frame after React rendered the typed character.
  document.addEventListener('keydown', (event) => {
    const start = event.timeStamp
    requestAnimationFrame(() => setTimeout(() => w.keyLatencies.push(performance.now() - start), 0))
  }, true)
}

describe('a live market that does not lag', () => {
  if (overloaded) console.warn(`trader-live: skipped, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`)
  it.skipIf(overloaded)(`ticks 10 symbols 4 times a second for ${SECONDS} s with no task over 50 ms on the main thread, and the ticket answers typing within 50 ms`, async () => {
    const { host, page } = await openApp(suite.browser, suite.workspace.dir)
    const market = host.workspace.engine.quotes as SimulatedMarket
    await page.getByRole('navigation').getByRole('button', { name: /Trading/ }).click()
    await form(page, 'Open portfolio').getByLabel('Name').fill('Live')
    await form(page, 'Open portfolio').getByRole('button', { name: 'Open portfolio' }).click()
    await page.getByTestId('portfolio-title').filter({ hasText: 'Live' }).waitFor()
    await page.getByRole('tab', { name: /^Transfers/ }).click()
    await form(page, 'Deposit').getByLabel('Amount').fill('500000')
    await form(page, 'Deposit').getByRole('button', { name: 'Request funds' }).click()
    await page.getByTestId('summary-cash').filter({ hasText: '$500,000.00' }).waitFor()

    // Ten quoted symbols, each held and watched: every tick moves every row of the desk.
    await host.workspace.engine.market(Object.fromEntries(SYMBOLS.map((s, i) => [s, `${20 + i * 7}.00`])))
    const ticket = form(page, 'Order ticket')
    for (const symbol of SYMBOLS) {
      await ticket.getByLabel('Symbol').fill(symbol)
      await ticket.getByLabel('Quantity').fill('10')
      await ticket.getByRole('button', { name: 'Place buy order' }).click()
      await page.getByTestId('toast').filter({ hasText: `Buy 10 ${symbol} filled` }).first().waitFor()
      await form(page, 'Watch a symbol').getByLabel('Symbol').fill(symbol)
      await form(page, 'Watch a symbol').getByRole('button', { name: 'Watch' }).click()
    }
    await page.getByRole('tab', { name: /^Positions/ }).click()
    await page.getByTestId('holding-row').nth(SYMBOLS.length - 1).waitFor()
    await page.getByTestId('watch-row').nth(SYMBOLS.length - 1).waitFor()

    // 4 ticks a second, chosen on the control strip.
    await page.getByRole('tab', { name: /^Market/ }).click()
    await page.getByRole('toolbar', { name: 'Market controls' }).getByLabel('Speed').selectOption({ label: '4 ticks / s' })
    await page.getByTestId('market-state').filter({ hasText: 'Running · 4 ticks / s' }).waitFor()
    await page.getByRole('tab', { name: /^Positions/ }).click()
    let ticks = 0
    const off = market.onQuotes(() => ticks++)
    await page.evaluate(observe)

    // Typing in the ticket the whole time, as a trader does while the market runs.
    const quantity = ticket.getByLabel('Quantity')
    await quantity.click()
    const end = Date.now() + SECONDS * 1000
    while (Date.now() < end) {
      await quantity.fill('')
      await page.keyboard.type('12345', { delay: 120 })
    }
    off()
    const { longTasks, keyLatencies } = await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[]; keyLatencies: number[] }
      return { longTasks: w.longTasks, keyLatencies: w.keyLatencies }
    })
    const sorted = [...keyLatencies].sort((a, b) => a - b)
    const p95 = sorted[Math.floor(sorted.length * 0.95)]
    console.log(`live market: ${ticks} ticks in ${SECONDS} s, long tasks ${JSON.stringify(longTasks.map(Math.round))}, ${sorted.length} keys, key-to-paint p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`)

    expect(ticks).toBeGreaterThanOrEqual(SECONDS * 4 * 0.8)
    expect(longTasks).toEqual([])
    expect(sorted.length).toBeGreaterThan(100)
    expect(p95).toBeLessThan(50)
    // Paused, the desk shows the market's last prices: the holdings followed every tick.
    await page.getByRole('tab', { name: /^Market/ }).click()
    await page.getByRole('toolbar', { name: 'Market controls' }).getByRole('button', { name: 'Pause' }).click()
    await page.getByTestId('market-state').filter({ hasText: /^Paused/ }).waitFor()
    await page.getByRole('tab', { name: /^Positions/ }).click()
    await page.getByTestId('holding-row').filter({ hasText: 'ACME' }).locator('td').nth(4).filter({ hasText: new RegExp(`^${formatPrice(market.get('ACME')!.price)}$`) }).waitFor()
    expect((page as Page & { problems?: string[] }).problems).toEqual([])
    await page.context().close()
    await host.close()
    // The measure itself lasts SECONDS; setting up the desk takes about as long again.
  }, 60_000 + SECONDS * 2000)
})
