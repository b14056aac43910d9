import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Host } from '../../main/host/host.ts'
import { openApp, reloadApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')

/** Runs the contract-accepted-wins-the-deal flow's commands into the workspace (its refusals refused as in the flow). */
async function runContractFlow(host: Host): Promise<void> {
  const flow = JSON.parse(readFileSync('flows/contract-accepted-wins-the-deal.flow.json', 'utf8')) as { steps: { actor?: string; command?: string; data?: Record<string, unknown> }[] }
  for (const step of flow.steps) {
    if (step.command) await host.workspace.engine.dispatch({ command: step.command, data: step.data ?? {}, actor: step.actor ?? null })
  }
}

/** The app on the suite's workspace, with the flow run into it when it is still empty (each test can run alone). */
async function openWithFlow(options: { theme?: 'light' | 'dark' } = {}) {
  const opened = await openApp(suite.browser, suite.workspace.dir, options)
  if (opened.host.workspace.engine.store.lastPosition === 0) {
    await runContractFlow(opened.host)
    await reloadApp(opened.page)
  }
  return opened
}

const positionOf = (host: Host, type: string) => host.workspace.engine.store.readRange(1, host.workspace.engine.store.lastPosition).find((e) => e.type === type)!.position
const banner = (page: Page) => page.getByTestId('replay-banner')
const replayBar = (page: Page) => page.getByTestId('replay-bar')

async function jumpToPosition(page: Page, position: number) {
  await replayBar(page).getByLabel('Jump to position').fill(String(position))
  await replayBar(page).getByLabel('Jump to position').press('Enter')
  await expect.poll(() => banner(page).textContent()).toContain(`event ${position} of`)
  await page.getByRole('heading', { name: /^Timeline/ }).click() // out of the field, so that keys reach the replay
}

const go = (page: Page, screen: RegExp) => page.getByRole('navigation').getByRole('button', { name: screen }).click()

describe('the storm view and replay, as a facilitator uses them', () => {
  it('replays the deal to its middle, steps a cascade, follows a chain, and annotates the log with hotspots and bookmarks', async () => {
    const { host, page } = await openWithFlow()
    try {
      const last = host.workspace.engine.store.lastPosition
      const proposal = positionOf(host, 'ProposalSent')
      await page.keyboard.press('3')
      await page.getByTestId('storm').waitFor()
      await page.getByRole('button', { name: /CreateOpportunity on Opportunity Acme rollout/ }).waitFor()

      // Replay to the middle: the pipeline as it was then.
      await jumpToPosition(page, proposal)
      expect(await banner(page).textContent()).toMatch(new RegExp(`Replaying — .*event ${proposal} of ${last}`))
      await go(page, /Pipeline/)
      await expect.poll(() => page.getByTestId('column-proposal').getByTestId('card').allTextContents()).toEqual([expect.stringContaining('Acme rollout')])
      expect(await page.getByTestId('column-closed_won').getByTestId('card').count()).toBe(0)
      // A command is refused with its reason while replaying.
      await page.getByTestId('column-proposal').getByTestId('card').first().dragTo(page.getByTestId('column-qualification').locator('.column-body'))
      await expect.poll(() => page.getByTestId('toast').allTextContents()).toContainEqual(expect.stringContaining('You are replaying the log'))
      await page.keyboard.press('Escape')
      await banner(page).waitFor({ state: 'detached' })
      await expect.poll(() => page.getByTestId('column-closed_won').getByTestId('card').allTextContents()).toEqual([expect.stringContaining('Acme rollout')])

      // Step a cascade: the contract accepted, then the policy wins the deal.
      await go(page, /Timeline/)
      await jumpToPosition(page, proposal)
      await page.keyboard.press('Shift+ArrowRight')
      await expect.poll(async () => Number(/event (\d+) of/.exec((await banner(page).textContent()) ?? '')?.[1])).toBeGreaterThan(proposal)
      const details = page.getByTestId('storm-details')
      await expect.poll(() => details.locator('h3').textContent()).toContain('AcceptContract')
      await page.keyboard.press('Escape')
      await banner(page).waitFor({ state: 'detached' })

      // Follow a causation chain: select the customer's command; "Only this cascade" hides the rest.
      await page.getByRole('button', { name: /customer: AcceptContract/ }).click()
      await expect.poll(() => page.locator('.storm-column.lit').count()).toBeGreaterThan(0)
      const before = await page.getByTestId('storm-column').count()
      await details.getByLabel('Only this cascade').check()
      await expect.poll(() => page.getByTestId('storm-column').count()).toBeLessThan(before)
      expect(await page.getByRole('button', { name: /RegisterCustomer/ }).count()).toBe(0)
      await details.getByLabel('Only this cascade').uncheck()

      // Raise a hotspot on the selected command, resolve it, reopen it, and jump to it.
      const board = page.getByRole('region', { name: /Hotspots/ })
      await board.getByLabel(/Raise on AcceptContract/).fill('Who may accept a contract for the customer?')
      await board.getByRole('button', { name: 'Raise hotspot' }).click()
      const hotspots = board.getByRole('list', { name: 'Hotspots' })
      await expect.poll(() => hotspots.textContent()).toContain('Who may accept a contract for the customer?')
      expect(await hotspots.textContent()).toContain('on AcceptContract — Acme rollout')
      await hotspots.getByRole('button', { name: 'Resolve…' }).click()
      await hotspots.getByLabel('Resolution').fill('Only the signatory')
      await hotspots.getByRole('button', { name: 'Resolve', exact: true }).click()
      await expect.poll(() => hotspots.textContent()).toContain('resolved: Only the signatory')
      await hotspots.getByRole('button', { name: 'Reopen' }).click()
      await expect.poll(() => hotspots.textContent()).not.toContain('resolved: Only the signatory')
      await hotspots.getByRole('button', { name: 'Go to' }).click()
      await expect.poll(() => banner(page).textContent()).toContain(`event ${positionOf(host, 'ContractAccepted')} of`)

      // Place a bookmark at the cursor while replaying, go back to now, and jump to it.
      await jumpToPosition(page, proposal)
      await board.getByLabel(/Bookmark event/).fill('After the proposal')
      await board.getByRole('button', { name: 'Place bookmark' }).click()
      const bookmarks = board.getByRole('list', { name: 'Bookmarks' })
      await expect.poll(() => bookmarks.textContent()).toContain(`After the proposal event ${proposal}`)
      await page.keyboard.press('Escape')
      await banner(page).waitFor({ state: 'detached' })
      await bookmarks.getByRole('button', { name: 'Go to After the proposal' }).click()
      await expect.poll(() => banner(page).textContent()).toContain(`event ${proposal} of`)

      // The inspector: the deal at the cursor, and a diff of two positions in domain terms.
      await page.getByRole('button', { name: /rep-7: SendProposal on Opportunity Acme rollout/ }).click()
      const inspector = page.getByTestId('inspector')
      await expect.poll(() => inspector.textContent()).toContain('Acme rollout (Opportunity)')
      expect(await inspector.getByRole('row', { name: /^stage/ }).first().textContent()).toContain('proposal')
      expect(await inspector.getByRole('row', { name: /^amount/ }).first().textContent()).toContain('50,000.00')
      await page.keyboard.press('Escape')
      await inspector.getByLabel('From').fill(String(proposal))
      await inspector.getByLabel('To').fill(String(last))
      await inspector.getByRole('button', { name: 'Compare' }).click()
      const diff = inspector.getByTestId('inspector-diff').last()
      await expect.poll(() => diff.textContent()).toContain(`From event ${proposal} to ${last}`)
      expect(await diff.getByRole('row', { name: /^stage/ }).textContent()).toMatch(/proposal.*closed_won/)
      expect(await diff.textContent()).toContain('Acme rollout')
      await diff.getByText(/ events?$/).click()
      expect(await diff.getByRole('listitem').allTextContents()).toContainEqual(expect.stringMatching(/OpportunityWon on Acme rollout/))
      expect((page as typeof page & { problems?: string[] }).problems).toEqual([])
    } finally {
      await host.close()
    }
  })

  it('replays with the keyboard alone: 3, Space, ←/→, Shift+←/→, Esc', async () => {
    const { host, page } = await openWithFlow()
    try {
      await page.keyboard.press('3')
      await page.getByTestId('storm').waitFor()
      const last = host.workspace.engine.store.lastPosition
      await page.keyboard.press('ArrowLeft')
      await expect.poll(() => banner(page).textContent()).toContain(`event ${last - 1} of ${last}`)
      await page.keyboard.press('ArrowLeft')
      await expect.poll(() => banner(page).textContent()).toContain(`event ${last - 2} of ${last}`)
      await page.keyboard.press('ArrowRight')
      await expect.poll(() => banner(page).textContent()).toContain(`event ${last - 1} of ${last}`)
      await page.keyboard.press('Shift+ArrowLeft')
      await expect.poll(async () => Number(/event (\d+) of/.exec((await banner(page).textContent()) ?? '')?.[1])).toBeLessThan(last - 1)
      const stepped = Number(/event (\d+) of/.exec((await banner(page).textContent()) ?? '')?.[1])
      await page.keyboard.press('Shift+ArrowRight')
      await expect.poll(async () => Number(/event (\d+) of/.exec((await banner(page).textContent()) ?? '')?.[1])).toBeGreaterThan(stepped)
      await page.keyboard.press('Space')
      await expect.poll(() => replayBar(page).getByRole('button', { name: 'Pause' }).count()).toBe(1)
      await page.keyboard.press('Space')
      await expect.poll(() => replayBar(page).getByRole('button', { name: 'Play' }).count()).toBe(1)
      await page.keyboard.press('Escape')
      await banner(page).waitFor({ state: 'detached' })
    } finally {
      await host.close()
    }
  })

  it('jumps to a date: the first event at or after it', async () => {
    const { host, page } = await openWithFlow()
    try {
      await go(page, /Timeline/)
      await page.getByTestId('storm').waitFor()
      await replayBar(page).getByLabel('Jump to date').fill('2020-01-01T00:00')
      await replayBar(page).getByLabel('Jump to date').press('Enter')
      await expect.poll(() => banner(page).textContent()).toContain('event 1 of')
      await page.keyboard.press('Escape')
      await replayBar(page).getByLabel('Jump to date').fill('2999-01-01T00:00')
      await replayBar(page).getByLabel('Jump to date').press('Enter')
      await expect.poll(() => page.getByTestId('toast').allTextContents()).toContainEqual(expect.stringContaining('No event at or after'))
    } finally {
      await host.close()
    }
  })

  it('has no serious or critical accessibility violation in either theme, storm or list', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { host, page } = await openWithFlow({ theme })
      try {
        await page.keyboard.press('3')
        await page.getByTestId('storm').waitFor()
        await page.getByTestId('storm-column').first().click()
        for (const view of ['Storm', 'List'] as const) {
          await page.getByRole('tab', { name: view }).click()
          // The app's CSP ('script-src self') refuses an injected <script> (addScriptTag): evaluate axe's source instead.
          await page.evaluate(axeSource)
          const violations = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe
            const result = await axe.run(document.querySelector('.timeline-screen') ?? document)
            return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`)
          })
          expect(violations, `${theme} theme, ${view} view`).toEqual([])
        }
      } finally {
        await host.close()
      }
    }
  })
})
