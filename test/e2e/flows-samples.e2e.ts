import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { shots, withFlows } from './flows-support.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const samples = readdirSync('flows').filter((f) => f.endsWith('.flow.json')).sort()

describe('the flow library', () => {
  it('checks every sample flow in the app and each passes; each then shows its last result', async () => {
    await withFlows(suite.browser, async (page, host) => {
      const list = page.getByRole('region', { name: 'Sample flows' })
      for (const file of samples) {
        const flow = list.getByTestId(`flow-${file}`)
        expect(await flow.textContent()).toContain('sample · read-only')
        await flow.getByRole('button', { name: 'Check' }).click()
        await expect.poll(() => flow.getByTestId('flow-report').getByRole('status').textContent(), { timeout: 20_000 })
          .toMatch(/✓ .*: all \d+ steps passed · checked in a scratch log/)
        await expect.poll(() => flow.getByTestId('flow-last-result').textContent()).toMatch(/^✓ passed/)
      }
      expect(host.workspace.engine.store.lastPosition).toBe(0)
    })
  })

  it('watches a run build on the storm step by step, each step marked', async () => {
    await withFlows(suite.browser, async (page) => {
      const flow = page.getByTestId('flow-contract-accepted-wins-the-deal.flow.json')
      await flow.getByRole('button', { name: 'Check' }).click()
      await flow.getByRole('button', { name: 'Watch the run' }).click()
      const watch = page.getByTestId('flow-watch')
      await watch.getByRole('button', { name: 'From the start' }).click()
      await watch.getByRole('button', { name: '⏸ Pause' }).click()
      const back = watch.getByRole('button', { name: 'Step back' })
      while (await back.isEnabled()) await back.click()
      // Before the first step nothing is drawn; then one more step at a time, each with its mark.
      const position = watch.getByTestId('watch-position')
      expect(await watch.getByTestId('watch-mark').count()).toBe(0)
      await watch.getByRole('button', { name: 'Step forward' }).click()
      await expect.poll(() => position.textContent()).toMatch(/^Step 1 of \d+: .* ✓/)
      const marksAtOne = await watch.getByTestId('watch-mark').count()
      expect(marksAtOne).toBeGreaterThan(0)
      await watch.getByRole('button', { name: 'Step forward' }).click()
      await expect.poll(() => position.textContent()).toMatch(/^Step 2 of \d+: .* ✓/)
      expect(await watch.getByTestId('watch-mark').count()).toBeGreaterThan(marksAtOne)
      await watch.getByRole('button', { name: '▶ Play' }).click()
      await expect.poll(() => watch.getByRole('button', { name: '▶ Play' }).count(), { timeout: 30_000 }).toBe(1)
      expect(await watch.locator('.flow-watch-mark.failed').count()).toBe(0)
      expect(await watch.locator('svg g.sticky').count()).toBeGreaterThan(5)
      await page.screenshot({ path: join(shots, 'flows-watch.png') })
    })
  })

  for (const theme of ['light', 'dark'] as const) {
    it(`runs a sample into the workspace and watches what it wrote: its lanes, its hotspot, and its design document (${theme} theme)`, async () => {
      await withFlows(suite.browser, async (page, host) => {
        const flow = page.getByTestId('flow-contract-accepted-wins-the-deal.flow.json')
        await flow.getByRole('button', { name: 'Run into this workspace' }).click()
        await expect.poll(() => flow.getByTestId('flow-report').getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/all \d+ steps passed/)
        expect(host.workspace.engine.store.readRange(1, host.workspace.engine.store.lastPosition).filter((e) => e.type === 'HotspotRaised')).toHaveLength(1)
        await flow.getByRole('button', { name: 'Watch the run' }).click()
        const watch = page.getByTestId('flow-watch')
        await watch.getByRole('button', { name: '⏸ Pause' }).click()
        const forward = watch.getByRole('button', { name: 'Step forward' })
        while (await forward.isEnabled()) await forward.click()
        // Lanes by bounded context (the events' own), never by a guess; the hotspot a neon-pink sticky.
        await expect.poll(() => watch.locator('svg text[font-weight="bold"]').allTextContents()).toEqual(['Sales'])
        const hotspot = watch.locator('svg g.sticky.hotspot')
        await expect.poll(() => hotspot.count()).toBe(1)
        expect(await hotspot.textContent()).toContain('What makes a lead')
        expect(await watch.locator('svg g.sticky.command').allTextContents()).toContain('AcceptContract')
        await watch.locator('.flow-watch-storm').evaluate((box) => box.scrollTo({ left: 0 }))
        await page.screenshot({ path: join(shots, `flows-watch-workspace-${theme}.png`) })
        await watch.getByRole('button', { name: /^Export the storm of/ }).click()
        const download = page.waitForEvent('download')
        await watch.getByRole('button', { name: 'Design document (Markdown)' }).click()
        const file = await download
        expect(file.suggestedFilename()).toMatch(/\.md$/)
        const text = readFileSync((await file.path())!, 'utf8')
        expect(text).toContain('#### Opportunity aggregate')
        expect(text).toMatch(/## Open hotspots\n\n- At event \d+: What makes a lead qualified/)
      }, theme)
    })
  }

  it('duplicates a sample into the workspace, renames it, exports it, and deletes it after asking (Esc cancels)', async () => {
    await withFlows(suite.browser, async (page) => {
      const sample = page.getByTestId('flow-revenue-at-risk.flow.json')
      await sample.getByRole('button', { name: /^More for/ }).click()
      await sample.getByRole('button', { name: 'Duplicate' }).click()
      const own = page.getByRole('region', { name: 'This workspace’s flows' }).locator('.flow')
      await expect.poll(() => own.count()).toBe(1)
      expect(await own.textContent()).not.toContain('read-only')

      await own.getByRole('button', { name: /^More for/ }).click()
      await own.getByRole('button', { name: 'Rename…' }).click()
      const rename = page.getByRole('dialog', { name: /^Rename/ })
      await rename.getByLabel('File name').fill('at-risk-workshop')
      await rename.getByRole('button', { name: 'Rename' }).click()
      await page.getByTestId('flow-at-risk-workshop.flow.json').waitFor()

      const renamed = page.getByTestId('flow-at-risk-workshop.flow.json')
      await renamed.getByRole('button', { name: /^More for/ }).click()
      const download = page.waitForEvent('download')
      await renamed.getByRole('button', { name: 'Export' }).click()
      const file = await download
      expect(file.suggestedFilename()).toBe('at-risk-workshop.flow.json')
      const text = readFileSync((await file.path())!, 'utf8')
      expect(JSON.parse(text).steps.length).toBeGreaterThan(0)

      await renamed.getByRole('button', { name: /^More for/ }).click()
      await renamed.getByRole('button', { name: 'Delete…' }).click()
      const confirm = page.getByRole('dialog', { name: /^Delete/ })
      await page.keyboard.press('Escape')
      await confirm.waitFor({ state: 'detached' })
      expect(await renamed.count()).toBe(1)
      await renamed.getByRole('button', { name: /^More for/ }).click()
      await renamed.getByRole('button', { name: 'Delete…' }).click()
      await confirm.getByRole('button', { name: 'Delete' }).click()
      await renamed.waitFor({ state: 'detached' })
    })
  })

  it('opens a sample in the form, read-only until a copy is saved (dark theme)', async () => {
    await withFlows(suite.browser, async (page) => {
      await page.getByTestId('flow-trading-limit-and-stop.flow.json').getByRole('button', { name: 'Open' }).click()
      await page.getByTestId('flow-editor').waitFor()
      await expect.poll(() => page.getByTestId('flow-validity').textContent()).toBe('✓ The engine accepts this flow')
      expect(await page.getByRole('button', { name: 'Save a copy' }).count()).toBe(1)
      await page.screenshot({ path: join(shots, 'flows-form-dark.png') })
    }, 'dark')
  })

  it('exports the storm from the Timeline as a flow file and an SVG drawing', async () => {
    await withFlows(suite.browser, async (page) => {
      const funnel = page.getByTestId('flow-sales-funnel.flow.json')
      await funnel.getByRole('button', { name: 'Run into this workspace' }).click()
      await expect.poll(() => funnel.getByTestId('flow-report').getByRole('status').textContent()).toMatch(/all \d+ steps passed/)
      await page.keyboard.press('3')
      await page.getByTestId('storm-column').first().waitFor()
      const menu = page.getByTestId('export-menu')
      for (const [label, pattern] of [['Storm drawing (SVG)', /\.svg$/], ['Flow file (given/when/then)', /\.flow\.json$/]] as const) {
        await menu.getByText('Export', { exact: true }).click()
        const download = page.waitForEvent('download')
        await menu.getByRole('button', { name: label }).click()
        const file = await download
        expect(file.suggestedFilename()).toMatch(pattern)
        const text = readFileSync((await file.path())!, 'utf8')
        if (label.includes('SVG')) expect(text).toContain('<svg')
        else expect(JSON.parse(text).steps.length).toBeGreaterThan(0)
        await menu.getByText('Export', { exact: true }).click()
      }
    })
  })
})
