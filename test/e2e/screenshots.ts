import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { launchBrowser, openApp, tempWorkspace } from './browser.ts'

/** `npm run screenshots`: PNGs of the main screens into docs/screenshots/, from a sample workspace. */
const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
mkdirSync(out, { recursive: true })

const browser = await launchBrowser()
const workspace = tempWorkspace()
try {
  const empty = await openApp(browser, workspace.dir)
  await shot(empty.page, 'empty-state')
  await empty.page.getByRole('button', { name: 'Load a sample pipeline' }).click()
  await empty.page.getByTestId('card').first().waitFor()
  await empty.page.getByTestId('toast').first().waitFor()
  await empty.page.context().close()
  await empty.host.close()

  for (const theme of ['light', 'dark'] as const) {
    const { host, page } = await openApp(browser, workspace.dir, { theme })
    await page.getByTestId('card').first().waitFor()
    await shot(page, `pipeline-${theme}`)
    if (theme === 'dark') {
      await page.context().close()
      await host.close()
      continue
    }
    await page.getByTestId('card').first().click()
    await page.getByTestId('history').locator('li').first().waitFor()
    await shot(page, 'opportunity-detail')
    await page.getByRole('button', { name: 'Close', exact: true }).click()
    await page.getByRole('tab', { name: 'Customers' }).click()
    const churn = page.getByLabel(/^Churn risk of Initech/)
    if ((await churn.count()) > 0 && (await churn.inputValue()) !== 'high') {
      await churn.selectOption('high')
      await page.getByTestId('toast').filter({ hasText: 'Revenue at risk' }).first().waitFor()
    }
    await shot(page, 'customers')
    await page.getByRole('tab', { name: 'Revenue at risk' }).click()
    await shot(page, 'revenue-at-risk')
    await page.getByRole('tab', { name: 'Board' }).click()
    await drag(page)
    await page.getByTestId('toast').first().waitFor()
    await shot(page, 'rejection-toast')
    await page.keyboard.press('Control+k')
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor()
    await shot(page, 'command-palette')
    await page.keyboard.press('Escape')
    await page.keyboard.press('?')
    await shot(page, 'shortcuts')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: /Timeline/ }).click()
    await page.getByTestId('timeline').waitFor()
    await shot(page, 'timeline')
    await page.getByRole('button', { name: /Flows/ }).click()
    await page.locator('.flow').first().waitFor()
    await shot(page, 'flows')
    await page.context().close()
    await host.close()
  }
} finally {
  await browser.close()
  workspace.remove()
}

/** A prospecting card dragged straight to Proposal: the refusal the rule gives. */
async function drag(page: Page) {
  const card = page.getByTestId('column-prospecting').getByTestId('card').first()
  if ((await card.count()) === 0) return
  await card.dragTo(page.getByTestId('column-proposal').locator('.column-body'))
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(150)
  await page.screenshot({ path: join(out, `${name}.png`) })
  console.log(`docs/screenshots/${name}.png`)
}
