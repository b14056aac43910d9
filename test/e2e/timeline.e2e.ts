import { describe, expect, it } from 'vitest'
import { openApp, reloadApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const workspace = suite.workspace

describe('the timeline', () => {
  it('lists the whole log newest first, reading it a page at a time, jumps to a position, and shows new events at the top', async () => {
    const { host, page } = await openApp(suite.browser, workspace.dir)
    try {
      const engine = host.workspace.engine
      for (let i = 1; i <= 450; i++) await engine.dispatch({ command: 'RegisterCustomer', data: { customerId: `c-${i}`, name: `Customer ${i}` }, actor: 'rep-7' })
      await reloadApp(page)
      await page.keyboard.press('3') // the Timeline screen, the storm first
      await expect.poll(() => page.getByRole('heading', { name: /Timeline/ }).textContent()).toContain('450 events')
      await page.getByRole('tab', { name: 'List' }).click()
      const timeline = page.getByTestId('timeline')
      await page.getByText('450 events, newest first').waitFor()
      const row = (position: number) => timeline.getByTestId('timeline-row').filter({ has: page.getByRole('cell', { name: String(position), exact: true }) })
      await expect.poll(() => row(450).textContent()).toMatch(/^450CustomerRegisteredCustomer-c-450.*rep-7$/)
      // Only the rows on screen are in the DOM.
      expect(await timeline.getByTestId('timeline-row').count()).toBeLessThan(80)

      await page.getByLabel('Go to position').fill('7')
      await page.getByRole('region', { name: 'Events list' }).getByRole('button', { name: 'Go', exact: true }).click()
      await expect.poll(() => row(7).textContent()).toMatch(/^7CustomerRegisteredCustomer-c-7/)

      await page.getByLabel('Go to position').fill('451')
      await page.getByRole('region', { name: 'Events list' }).getByRole('button', { name: 'Go', exact: true }).click()
      expect(await page.getByRole('alert').textContent()).toContain('A position from 1 to 450.')

      await engine.dispatch({ command: 'RegisterCustomer', data: { customerId: 'late', name: 'Late' }, actor: 'rep-9' })
      await expect.poll(() => page.getByRole('heading', { name: /Timeline/ }).textContent()).toContain('451 events')
      await page.getByText('451 events, newest first').waitFor()
      await page.getByLabel('Go to position').fill('451')
      await page.getByRole('region', { name: 'Events list' }).getByRole('button', { name: 'Go', exact: true }).click()
      await expect.poll(() => row(451).textContent()).toMatch(/^451CustomerRegisteredCustomer-late.*rep-9$/)
      expect((page as typeof page & { problems?: string[] }).problems).toEqual([])
    } finally {
      await host.close()
    }
  })
})
