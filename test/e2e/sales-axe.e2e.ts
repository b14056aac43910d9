import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')

/** What axe finds serious or critical on the page as it is now, each as "rule: the first elements". */
async function seriousViolations(page: Page): Promise<string[]> {
  // The app's CSP refuses an injected <script>: axe's source is evaluated instead (once per page).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  return page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }
    const { axe } = window as unknown as { axe: { run(context: unknown): Promise<Result> } }
    const result = await axe.run(document)
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 8).map((n) => n.target))}`)
  })
}

const EXPORT = 'Deal Name,Account Name,Amount,Expected Close Date\nAcme platform,Acme Corp,48000,2027-06-30\nNew deal,Nobody Inc,10,2027-06-30\n'

describe('every sales screen, read by axe', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical violation in the ${theme} theme`, async () => {
      const found: Record<string, string[]> = {}
      const { host, page } = await openApp(suite.browser, suite.workspace.dir.replace(/workspace$/, `axe-${theme}`), { theme })
      try {
        const engine = host.workspace.engine
        const send = async (command: string, data: Record<string, unknown>) => {
          const result = await engine.dispatch({ command, data, actor: 'Dana' })
          if (!result.ok) throw new Error(`${command}: ${result.error.code}`)
        }
        await send('RegisterCustomer', { customerId: 'c-acme', name: 'Acme Corp' })
        await send('CreateOpportunity', { opportunityId: 'o-1', customerId: 'c-acme', name: 'Acme platform', kind: 'new', amount: '48000', closeDate: '2027-06-30', salesOwner: 'Dana' })
        await send('CreateOpportunity', { opportunityId: 'o-2', customerId: 'c-acme', name: 'Acme support', kind: 'renewal', amount: '9000', closeDate: '2027-03-31', salesOwner: 'Dana' })
        await send('QualifyOpportunity', { opportunityId: 'o-2' })
        await send('FlagChurnRisk', { customerId: 'c-acme', level: 'high', reason: 'Champion left' })
        const check = async (screen: string) => {
          found[`${theme}: ${screen}`] = await seriousViolations(page)
        }
        await page.getByTestId('card').filter({ hasText: 'Acme platform' }).waitFor()
        await check('board')
        await page.getByTestId('card').filter({ hasText: 'Acme platform' }).click()
        await page.getByTestId('opportunity-detail').waitFor()
        await check('opportunity panel')
        await page.keyboard.press('Escape')
        await page.getByRole('button', { name: 'Table', exact: true }).click()
        await page.getByTestId('table-row').first().waitFor()
        await check('table')
        for (const tab of ['Customers', 'Revenue at risk', 'Metrics']) {
          await page.getByRole('tab', { name: tab }).click()
          await page.waitForTimeout(300)
          await check(tab)
        }
        await page.getByRole('tab', { name: 'Customers' }).click()
        await page.getByTestId('customers').getByRole('button', { name: 'Acme Corp' }).click()
        await page.getByTestId('churn-change').filter({ hasText: 'Champion left' }).waitFor()
        await page.getByTestId('customer-page').getByText('Details').click()
        await check('customer page')
        await page.keyboard.press('Escape')
        await page.getByTestId('customer-page').waitFor({ state: 'detached' })
        await page.getByRole('tab', { name: 'Board' }).click()
        await page.getByRole('button', { name: 'Import CSV' }).click()
        const dialog = page.getByRole('dialog', { name: 'Import CSV' })
        await check('import dialog')
        await dialog.getByTestId('csv-file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(EXPORT) })
        await dialog.getByTestId('mapping').waitFor()
        await check('import columns')
        await dialog.getByRole('button', { name: /^Preview/ }).click()
        await dialog.getByTestId('preview-summary').waitFor()
        await check('import preview')
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'detached' })
        await page.keyboard.press('Control+k')
        await page.keyboard.type('acme')
        await page.getByRole('dialog').waitFor()
        await check('command palette')
        await page.keyboard.press('Escape')
        await page.keyboard.press('5')
        await page.getByRole('form', { name: 'Sales settings' }).waitFor()
        await check('settings')
      } finally {
        await page.context().close()
        await host.close()
      }
      expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({})
    })
  }
})
