import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { formatPrice } from '../../domain/kernel/money-format.ts'
import { openApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const workspace = suite.workspace

const figure = (page: Page, name: string) => page.getByTestId(`summary-${name}`)
const form = (page: Page, name: string) => page.getByRole('form', { name })
const show = (page: Page, pane: 'Positions' | 'Orders' | 'Transfers' | 'Market') => page.getByRole('tab', { name: new RegExp(`^${pane}`) }).click()

async function expectFigure(page: Page, name: string, text: string) {
  await figure(page, name).filter({ hasText: new RegExp(`^${text.replace(/[.+$]/g, '\\$&')}$`) }).waitFor()
}

async function placeLimitBuy(page: Page, symbol: string, quantity: string, limit: string) {
  const ticket = form(page, 'Order ticket')
  await ticket.getByLabel('Symbol').fill(symbol)
  await ticket.getByLabel('Quantity').fill(quantity)
  await ticket.getByLabel('Type').selectOption('limit')
  await ticket.getByLabel('Limit price').fill(limit)
  await ticket.getByRole('button', { name: 'Place buy order' }).click()
}

describe('a trader in the browser', () => {
  it('opens a portfolio, deposits, places a limit buy that waits, cancels it, and is refused a withdrawal above the available cash', async () => {
    const { host, page } = await openApp(suite.browser, workspace.dir)
    // From anywhere: the palette's "Open portfolio" shows the trading screen with the name field focused.
    await page.keyboard.press('Control+k')
    await page.getByRole('dialog', { name: 'Command palette' }).getByRole('textbox').fill('open portfolio')
    await page.keyboard.press('Enter')
    await page.getByTestId('empty-trading').waitFor()
    await page.waitForFunction(() => document.activeElement?.id === 'open-portfolio-name')

    const open = form(page, 'Open portfolio')
    await open.getByLabel('Name').fill('Practice')
    await open.getByLabel('Owner').fill('ana')
    await open.getByRole('button', { name: 'Open portfolio' }).click()
    await page.getByTestId('portfolio-title').filter({ hasText: 'Practice' }).waitFor()
    expect(await page.getByTestId('portfolio-item').allTextContents()).toEqual([expect.stringContaining('Practice')])
    await expectFigure(page, 'cash', '$0.00')
    await expectFigure(page, 'loyalty', 'basic')

    // A deposit: the wire system (auto) confirms at once and the cash arrives.
    await show(page, 'Transfers')
    const deposit = form(page, 'Deposit')
    await deposit.getByLabel('Amount').fill('9000')
    await deposit.getByRole('button', { name: 'Request funds' }).click()
    await page.getByTestId('transfer-row').filter({ hasText: 'confirmed' }).waitFor()
    expect(await page.getByTestId('transfer-row').first().textContent()).toContain('$9,000.00')
    await expectFigure(page, 'cash', '$9,000.00')
    await expectFigure(page, 'available', '$9,000.00')

    // A limit buy below the market waits, and its estimate (100 × 45 + 9.99 commission) is reserved.
    await placeLimitBuy(page, 'ACME', '100', '45')
    await show(page, 'Orders')
    const order = page.getByTestId('order-row').first()
    await order.filter({ hasText: 'pending' }).waitFor()
    expect(await order.textContent()).toContain('limit 45.00')
    await expectFigure(page, 'reserved', '$4,509.99')
    await expectFigure(page, 'available', '$4,490.01')
    await expectFigure(page, 'cash', '$9,000.00')

    // Canceled: the reservation is released.
    await order.getByRole('button', { name: 'Cancel' }).click()
    await order.filter({ hasText: 'canceled' }).waitFor()
    expect(await order.getByRole('button', { name: 'Cancel' }).count()).toBe(0)
    await expectFigure(page, 'reserved', '$0.00')
    await expectFigure(page, 'available', '$9,000.00')

    // More than the available cash: refused in words, with its code; nothing changes.
    await show(page, 'Transfers')
    const withdraw = form(page, 'Withdraw')
    await withdraw.getByLabel('Amount').fill('10000')
    await withdraw.getByRole('button', { name: 'Send funds' }).click()
    const refusal = page.getByTestId('toast').filter({ hasText: 'INSUFFICIENT_FUNDS' })
    await refusal.waitFor()
    expect(await refusal.textContent()).not.toMatch(/at .*:\d+:\d+/)
    expect(await page.getByTestId('transfer-row').count()).toBe(1)
    await expectFigure(page, 'cash', '$9,000.00')

    expect((page as Page & { problems?: string[] }).problems).toEqual([])
    await page.context().close()
    await host.close()
  })

  it('finds the portfolio after a restart, fills a limit buy when the price set by hand reaches it, and answers a manual wire', async () => {
    const { host, page } = await openApp(suite.browser, workspace.dir)
    await page.getByRole('navigation').getByRole('button', { name: /Trading/ }).click()
    await page.getByTestId('portfolio-title').filter({ hasText: 'Practice' }).waitFor()
    await expectFigure(page, 'cash', '$9,000.00')

    const market = form(page, 'Set price')
    const setPrice = async (symbol: string, price: string) => {
      await show(page, 'Market')
      await market.getByLabel('Symbol').fill(symbol)
      await market.getByLabel('Price').fill(price)
      await market.getByRole('button', { name: 'Set price' }).click()
    }
    await setPrice('ACME', '50')
    await page.getByTestId('quote-row').filter({ hasText: 'ACME50.00' }).waitFor()

    await placeLimitBuy(page, 'ACME', '100', '45')
    await show(page, 'Orders')
    const order = page.getByTestId('order-row').nth(1)
    await order.filter({ hasText: 'pending' }).waitFor()
    await setPrice('ACME', '44.50')
    await show(page, 'Orders')
    await order.filter({ hasText: 'fulfilled' }).waitFor()
    expect(await order.textContent()).toContain('44.50')
    expect(await order.textContent()).toContain('9.99')
    await show(page, 'Positions')
    const holding = page.getByTestId('holding-row').first()
    await holding.waitFor()
    expect(await holding.locator('td').allTextContents()).toEqual(['ACME', '100', '—', '44.5999', '44.50', '$4,450.00', '-$9.99', 'ChartClose'])
    await expectFigure(page, 'cash', '$4,540.01')
    await expectFigure(page, 'reserved', '$0.00')

    // Manual wire: the transfer waits until the wire system (a person here) answers.
    await show(page, 'Transfers')
    await page.getByLabel('Wire mode').selectOption('manual')
    const deposit = form(page, 'Deposit')
    await deposit.getByLabel('Amount').fill('500')
    await deposit.getByRole('button', { name: 'Request funds' }).click()
    const waiting = page.getByTestId('transfer-row').filter({ hasText: 'requested' })
    await waiting.waitFor()
    await expectFigure(page, 'cash', '$4,540.01')
    await waiting.getByRole('button', { name: 'Confirm' }).click()
    await page.getByTestId('transfer-row').nth(1).filter({ hasText: 'confirmed' }).waitFor()
    await expectFigure(page, 'cash', '$5,040.01')

    const withdraw = form(page, 'Withdraw')
    await withdraw.getByLabel('Amount').fill('40.01')
    await withdraw.getByRole('button', { name: 'Send funds' }).click()
    const sent = page.getByTestId('transfer-row').filter({ hasText: 'sent' })
    await sent.waitFor()
    await expectFigure(page, 'cash', '$5,000.00')
    await sent.getByRole('button', { name: 'Reject…' }).click()
    await page.getByLabel('Rejection reason').fill('account closed')
    await page.getByRole('button', { name: 'Reject', exact: true }).click()
    await page.getByTestId('transfer-row').nth(2).filter({ hasText: 'refunded' }).waitFor()
    await expectFigure(page, 'cash', '$5,040.01')

    expect((page as Page & { problems?: string[] }).problems).toEqual([])
    await page.context().close()
    await host.close()
  })

  it('shows when orders and transfers happened, follows the market live in the ticket and the holdings, closes a position, and closes the emptied portfolio', async () => {
    const { host, page } = await openApp(suite.browser, workspace.dir)
    // The market moves only when this test says so: ticks are sent below, one by one.
    await host.workspace.updateSettings({ ...host.workspace.document.data.settings, marketTickSeconds: 0, wire: 'auto' })
    await page.getByRole('navigation').getByRole('button', { name: /Trading/ }).click()
    await page.getByTestId('portfolio-title').filter({ hasText: 'Practice' }).waitFor()

    // Timestamps: each order and transfer says when it was placed or requested.
    await show(page, 'Orders')
    await page.getByTestId('order-row').first().waitFor()
    for (const time of await page.getByTestId('order-placed').all()) expect(await time.textContent()).toMatch(/^(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2}$/)
    expect(await page.getByTestId('order-placed').count()).toBe(2)
    await show(page, 'Transfers')
    expect(await page.getByTestId('transfer-requested').count()).toBe(3)
    expect(await page.getByTestId('transfer-requested').first().getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/)

    // A market order has no time in force; Buy / Sell answers the arrow keys.
    const ticket = form(page, 'Order ticket')
    expect(await ticket.getByLabel('Time in force').count()).toBe(0)
    await ticket.getByRole('radio', { name: 'Buy' }).focus()
    await page.keyboard.press('ArrowRight')
    expect(await ticket.getByRole('radio', { name: 'Sell' }).getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('ArrowLeft')
    expect(await ticket.getByRole('radio', { name: 'Buy' }).getAttribute('aria-checked')).toBe('true')

    // The quote moves on the host (no action in the page, no reload): the ticket's estimate and the holding follow.
    await ticket.getByLabel('Symbol').fill('ACME')
    await ticket.getByLabel('Quantity').fill('10')
    const note = page.getByTestId('ticket-note')
    await note.filter({ hasText: /Quote ACME|No quote for ACME/ }).waitFor()
    const logBefore = host.workspace.engine.store.lastPosition
    await host.workspace.engine.market({ ACME: '46.37' })
    await note.filter({ hasText: 'Quote ACME 46.37' }).filter({ hasText: 'reserves about $473.69' }).waitFor()
    await show(page, 'Positions')
    await page.getByTestId('holding-row').filter({ hasText: '$4,637.00' }).waitFor()
    await host.workspace.engine.marketTick()
    const ticked = host.workspace.engine.quotes.get('ACME')!.price
    await note.filter({ hasText: `Quote ACME ${formatPrice(ticked)}` }).waitFor()
    await page.getByTestId('holding-row').locator('td').nth(4).filter({ hasText: formatPrice(ticked) }).waitFor()
    expect(host.workspace.engine.store.lastPosition).toBe(logBefore)

    // The watch list shows the last price and the change since the day's open, live.
    const watch = form(page, 'Watch a symbol')
    await watch.getByLabel('Symbol').fill('acme')
    await watch.getByRole('button', { name: 'Watch' }).click()
    await page.getByTestId('watch-row').filter({ hasText: `ACME${formatPrice(ticked)}` }).waitFor()

    // Close the position from its row: a market sell of the 100 shares, prefilled; sent, it fills and a notice says so.
    await page.getByRole('button', { name: 'Close position ACME' }).click()
    expect(await ticket.getByRole('radio', { name: 'Sell' }).getAttribute('aria-checked')).toBe('true')
    expect(await ticket.getByLabel('Quantity').inputValue()).toBe('100')
    expect(await ticket.getByLabel('Type').inputValue()).toBe('market')
    await ticket.getByRole('button', { name: 'Place sell order' }).click()
    await page.getByTestId('no-holdings').waitFor()
    await page.getByTestId('toast').filter({ hasText: `Sell 100 ACME filled at ${formatPrice(ticked)}` }).waitFor()

    // Close the portfolio while it still holds cash: refused, naming what is left.
    const cash = (await figure(page, 'cash').textContent())!
    await page.getByRole('button', { name: 'Close portfolio' }).click()
    await page.getByTestId('toast').filter({ hasText: `Practice cannot be closed: it still holds cash ${cash}. First withdraw the cash.` }).waitFor()
    expect(await page.getByTestId('portfolio-status').textContent()).toBe('open')

    // Withdrawn to zero, it closes from the palette.
    await show(page, 'Transfers')
    const withdraw = form(page, 'Withdraw')
    await withdraw.getByLabel('Amount').fill(cash.replace(/[$,]/g, ''))
    await withdraw.getByRole('button', { name: 'Send funds' }).click()
    await expectFigure(page, 'cash', '$0.00')
    await page.getByTestId('toast').filter({ hasText: `Withdrawal of ${cash} confirmed` }).waitFor()
    await page.keyboard.press('Control+k')
    await page.getByRole('dialog', { name: 'Command palette' }).getByRole('textbox').fill('close portfolio: practice')
    await page.keyboard.press('Enter')
    await page.getByTestId('portfolio-status').filter({ hasText: 'closed' }).waitFor()
    expect(await page.getByRole('button', { name: 'Close portfolio' }).count()).toBe(0)

    expect((page as Page & { problems?: string[] }).problems).toEqual([])
    await page.context().close()
    await host.close()
  })
})
