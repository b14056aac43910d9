import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { launchBrowser, openApp, reloadApp, tempWorkspace } from './browser.ts'

/** `npx tsx test/e2e/storm-screenshots.ts`: the storm, replay and the inspector (1440×900, light) into docs/screenshots/. */
const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
mkdirSync(out, { recursive: true })

const browser = await launchBrowser()
const workspace = tempWorkspace()
try {
  const { host, page } = await openApp(browser, workspace.dir, { theme: 'light', width: 1440, height: 900 })
  const flow = JSON.parse(readFileSync('flows/contract-accepted-wins-the-deal.flow.json', 'utf8')) as { steps: { actor?: string; command?: string; data?: Record<string, unknown>; hotspot?: string }[] }
  for (const step of flow.steps) {
    if (step.command) await host.workspace.engine.dispatch({ command: step.command, data: step.data ?? {}, actor: step.actor ?? null })
  }
  const created = host.workspace.engine.store.readRange(1, 2).find((e) => e.type === 'OpportunityCreated')!
  await host.workspace.engine.dispatch({ command: 'RaiseHotspot', data: { hotspotId: 'h-1', text: 'What makes a lead qualified?', anchor: { eventId: created.id } }, actor: 'facilitator' })
  await host.workspace.engine.dispatch({ command: 'PlaceBookmark', data: { bookmarkId: 'b-1', name: 'After the proposal', position: 4 }, actor: 'facilitator' })
  await reloadApp(page)
  await page.getByRole('navigation').getByRole('button', { name: /Timeline/ }).click()
  await page.getByTestId('storm').waitFor()
  await page.getByRole('button', { name: /customer: AcceptContract/ }).click()
  await page.getByTestId('storm-details').waitFor()
  await page.screenshot({ path: `${out}storm.png` })
  await page.getByTestId('replay-bar').getByLabel('Jump to position').fill('4')
  await page.getByTestId('replay-bar').getByLabel('Jump to position').press('Enter')
  await page.getByTestId('replay-banner').waitFor()
  await page.getByRole('button', { name: /rep-7: SendProposal on Opportunity Acme rollout/ }).click()
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${out}replay.png` })
  const inspector = page.getByTestId('inspector')
  await inspector.getByLabel('From').fill('4')
  await inspector.getByLabel('To').fill('6')
  await inspector.getByRole('button', { name: 'Compare' }).click()
  await inspector.getByTestId('inspector-diff').nth(1).waitFor()
  await inspector.evaluate((el) => (el.scrollIntoView({ block: 'end' }), el.scrollTo(0, el.scrollHeight)))
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${out}inspector.png` })
  await page.context().close()
  await host.close()
} finally {
  await browser.close()
  workspace.remove()
}
