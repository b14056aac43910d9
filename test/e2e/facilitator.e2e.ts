import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { startHost, type Host } from '../../main/host/host.ts'
import { shellReady } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const workspace = suite.workspace
const samples = readdirSync('flows').filter((f) => f.endsWith('.flow.json')).sort()

/** The sample flows and one that fails on purpose, in a flows folder of their own. */
function flowsFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stormbook-e2e-flows-'))
  cpSync('flows', dir, { recursive: true })
  writeFileSync(join(dir, 'wrong-amount.flow.json'), JSON.stringify({
    flow: 'A deal with the wrong amount',
    steps: [
      { actor: 'rep', command: 'RegisterCustomer', data: { customerId: 'zeta', name: 'Zeta' }, note: 'Zeta is a new customer.' },
      { actor: 'rep', command: 'CreateOpportunity', data: { opportunityId: 'z-1', customerId: 'zeta', name: 'Deal', kind: 'new', amount: '1010.00', closeDate: '2027-03-31', salesOwner: 'rep' },
        expect: { events: [{ type: 'OpportunityCreated', data: { amount: '1009.99' } }, 'FundsDebited'] } },
    ],
  }))
  return dir
}

/** Browser mode on the suite's workspace with the given flows folder, the shell shown. */
async function openWith(flowsDir: string): Promise<{ host: Host; page: Page }> {
  const host = await startHost({ workspaceDir: workspace.dir, flowsDir })
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(host.url)
  await shellReady(page)
  ;(page as Page & { problems?: string[] }).problems = problems
  return { host, page }
}

describe('a facilitator runs the sample flows', () => {
  it('checks every sample flow in a scratch log and each passes (the bounced withdrawal on its manual wire too); nothing is written', async () => {
    const { host, page } = await openWith(flowsFolder())
    try {
      await page.keyboard.press('4') // the Flows screen
      const report = page.getByTestId('flow-report')
      for (const file of samples) {
        await page.getByTestId(`flow-${file}`).getByRole('button', { name: 'Check' }).click()
        await expect.poll(() => page.getByTestId(`flow-${file}`).getByTestId('flow-report').getByRole('status').textContent(), { timeout: 20_000 })
          .toMatch(/✓ .*: all \d+ steps passed · checked in a scratch log; nothing was written here/)
        expect(await report.locator('.flow-step.failed').count()).toBe(0)
      }
      expect(host.workspace.engine.store.lastPosition).toBe(0)
      expect((page as Page & { problems?: string[] }).problems).toEqual([])
    } finally {
      await host.close()
    }
  })

  it('shows a failed step as expected beside actual, in words, with the step notes', async () => {
    const { host, page } = await openWith(flowsFolder())
    try {
      await page.keyboard.press('4')
      const wrong = page.getByTestId('flow-wrong-amount.flow.json')
      await wrong.getByRole('button', { name: 'Check' }).click()
      const report = wrong.getByTestId('flow-report')
      await expect.poll(() => report.getByRole('status').textContent()).toMatch(/✗ .*: 1 of 2 steps failed/)
      const failure = report.getByRole('alert').first()
      await expect.poll(() => failure.textContent()).toContain('data.amount: expected 1009.99, got 1010.00')
      expect(await failure.textContent()).toContain('events: expected FundsDebited after OpportunityCreated, it did not come')
      expect(await failure.textContent()).not.toContain('{"type"')
      expect(await report.getByTestId('flow-note').first().textContent()).toContain('Zeta is a new customer.')
    } finally {
      await host.close()
    }
  })

  it('runs a flow into the workspace; a second run writes nothing and names the ids that already exist', async () => {
    const { host, page } = await openWith(flowsFolder())
    try {
      await page.keyboard.press('4')
      const funnel = page.getByTestId('flow-sales-funnel.flow.json')
      const report = funnel.getByTestId('flow-report')
      const before = host.workspace.engine.store.lastPosition

      await funnel.getByRole('button', { name: 'Run into this workspace' }).click()
      await expect.poll(() => report.getByRole('status').textContent()).toMatch(/all \d+ steps passed · run into this workspace/)
      const written = host.workspace.engine.store.lastPosition
      expect(written).toBeGreaterThan(before + 5)
      const hotspots = host.workspace.engine.query('Hotspots', {})
      expect(hotspots.ok && (hotspots.value as unknown[]).length).toBeGreaterThan(0)

      await funnel.getByRole('button', { name: 'Run into this workspace' }).click()
      await expect.poll(() => report.getByRole('status').textContent()).toMatch(/✗ .*: \d+ of \d+ steps failed · tried for this workspace; nothing was written/)
      const conflicts = report.getByTestId('flow-conflicts')
      await expect.poll(() => conflicts.textContent()).toContain('customer globex already exists')
      expect(host.workspace.engine.store.lastPosition).toBe(written)
      expect((page as Page & { problems?: string[] }).problems).toEqual([])
    } finally {
      await host.close()
    }
  })
})
