import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openApp, reloadApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()

const banner = (page: Page) => page.getByTestId('replay-banner')

describe('jumping to a hotspot far back in a long log', () => {
  it('loads the part of the log around its anchor, moves the cursor there and selects the command', async () => {
    const { host, page } = await openApp(suite.browser, suite.workspace.dir)
    try {
      const engine = host.workspace.engine
      const send = async (command: string, data: Record<string, unknown>) => {
        const result = await engine.dispatch({ command, data, actor: 'rep-7' })
        if (!result.ok) throw new Error(`${command}: ${result.error.message}`)
        return result
      }
      await send('RegisterCustomer', { customerId: 'acme', name: 'Acme Corp', segment: 'enterprise' })
      const created = await send('CreateOpportunity', { opportunityId: 'o-1', customerId: 'acme', name: 'Acme rollout', kind: 'new', amount: '50000', closeDate: '2027-03-31', salesOwner: 'rep-7' })
      const anchor = created.events[0]
      await send('RaiseHotspot', { hotspotId: 'h-1', text: 'Who sets the first amount?', anchor: { eventId: anchor.id } })
      // Far more events after it than the storm loads at first (2,000): the anchor is out of the window.
      for (let i = 0; i < 2600; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, k) => send('UpdateOpportunity', { opportunityId: 'o-1', amount: String(50_000 + i + k + 1) })))
      }
      const last = engine.store.lastPosition
      await reloadApp(page)
      await page.keyboard.press('3')
      await page.getByTestId('storm').waitFor()
      const board = page.getByRole('region', { name: /Hotspots/ })
      const hotspots = board.getByRole('list', { name: 'Hotspots' })
      await expect.poll(() => hotspots.textContent()).toContain('Who sets the first amount?')
      expect(await hotspots.textContent()).toContain('on an older event (Go to loads it)')
      expect(await page.getByRole('button', { name: /CreateOpportunity on Opportunity Acme rollout/ }).count(), 'the anchor is not loaded yet').toBe(0)

      await hotspots.getByRole('button', { name: 'Go to' }).click()
      await expect.poll(() => banner(page).textContent()).toContain(`event ${anchor.position} of ${last.toLocaleString("en-US")}`)
      await expect.poll(() => page.getByTestId('storm-details').locator('h3').textContent()).toContain('CreateOpportunity')
      expect(await page.getByTestId('storm-details').textContent()).toContain('Acme rollout')
      expect(await hotspots.textContent()).toContain('on CreateOpportunity — Acme rollout')
      expect((page as typeof page & { problems?: string[] }).problems).toEqual([])
    } finally {
      await host.close()
    }
  })
})
