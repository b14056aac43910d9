import { describe, expect, it } from 'vitest'
import { openApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const workspace = suite.workspace

describe('a facilitator runs the sample flows', () => {
  it('checks a flow in a scratch log (twice, nothing written), then runs it into the workspace, where a second run reports why it fails', async () => {
    const { host, page } = await openApp(suite.browser, workspace.dir)
    try {
      await page.keyboard.press('4') // the Flows screen
      const funnel = page.getByTestId('flow-sales-funnel.flow.json')
      const report = page.getByTestId('flow-report')

      for (let i = 0; i < 2; i++) {
        await funnel.getByRole('button', { name: 'Check' }).click()
        await expect.poll(() => report.getByRole('status').textContent()).toMatch(/✓ .*: all \d+ steps passed · checked in a scratch log; nothing was written here/)
      }
      expect(await report.getByTestId('flow-step').count()).toBeGreaterThan(5)
      expect(await report.locator('.flow-step.failed').count()).toBe(0)
      await expect.poll(() => report.getByTestId('flow-step').first().textContent()).toContain('CustomerRegistered')
      expect(host.workspace.engine.store.lastPosition).toBe(0)

      await funnel.getByRole('button', { name: 'Run into this workspace' }).click()
      await expect.poll(() => report.getByRole('status').textContent()).toMatch(/all \d+ steps passed · run into this workspace/)
      const written = host.workspace.engine.store.lastPosition
      expect(written).toBeGreaterThan(5)

      await funnel.getByRole('button', { name: 'Run into this workspace' }).click()
      await expect.poll(() => report.getByRole('status').textContent()).toMatch(/✗ .*: \d+ of \d+ steps failed/)
      const failure = report.getByRole('alert').first()
      expect(await failure.textContent()).toContain('CUSTOMER_EXISTS')
      expect((page as typeof page & { problems?: string[] }).problems).toEqual([])
    } finally {
      await host.close()
    }
  })
})
