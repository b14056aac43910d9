import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { openApp } from './browser.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()

/** Opens the import dialog, chooses `csv` as the file and asks for the preview, as a rep does. */
async function previewImport(page: Page, name: string, csv: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Import CSV' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import CSV' })
  await dialog.getByTestId('csv-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await dialog.getByRole('button', { name: /^Preview/ }).click()
  await dialog.getByTestId('preview-summary').waitFor()
  return dialog
}

async function confirmImport(dialog: Locator, rows: number): Promise<string> {
  await dialog.getByRole('button', { name: `Import ${rows} ${rows === 1 ? 'row' : 'rows'}` }).click()
  const summary = await dialog.getByTestId('import-summary').textContent()
  await dialog.getByRole('button', { name: 'Done' }).click()
  await dialog.waitFor({ state: 'detached' })
  return summary ?? ''
}

const CUSTOMERS = 'Account Name,Industry\nAcme Corp,manufacturing\nGlobex,energy\n'
const DEALS = [
  'Deal Name,Account Name,Amount,Expected Close Date,Deal Owner',
  'Acme platform,acme corp,"48,000",2027-03-31,Dana',
  'Globex pilot,GLOBEX ,12000,2027-04-30,Dana',
  'Initech rollout,Initech,"$9,500",2027-05-31,Sam',
].join('\n')

describe('a sales rep imports the same CRM export twice', () => {
  it('matches customers by name, creates the unknown company when asked, and the second import creates nothing', async () => {
    const { host, page } = await openApp(suite.browser, suite.workspace.dir)
    try {
      let dialog = await previewImport(page, 'accounts.csv', CUSTOMERS)
      expect(await dialog.getByTestId('preview-summary').textContent()).toBe('2 new, 0 unchanged, 0 changed.')
      expect(await confirmImport(dialog, 2)).toMatch(/^2 imported/)

      // The same customers again, written differently: matched by name, nothing to send.
      dialog = await previewImport(page, 'accounts-again.csv', 'Account Name\n  acme CORP \nGlobex\n')
      expect(await dialog.getByTestId('preview-summary').textContent()).toBe('0 new, 2 unchanged, 0 changed.')
      expect(await dialog.getByTestId('good-row').first().textContent()).toContain('matches Acme Corp')
      await dialog.getByTestId('nothing-to-import').waitFor()
      expect(await dialog.getByRole('button', { name: 'Import 0 rows' }).isDisabled()).toBe(true)
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })

      // Deals: two of known customers (by name, any case), one of a company the workspace does not have.
      dialog = await previewImport(page, 'deals.csv', DEALS)
      expect(await dialog.getByTestId('preview-summary').textContent()).toBe('2 new, 0 unchanged, 0 changed; 1 cannot be imported.')
      expect(await dialog.getByTestId('bad-row').textContent()).toContain('UNKNOWN_CUSTOMER')
      await dialog.getByLabel(/Create the customers this workspace does not have/).check()
      await dialog.getByTestId('preview-summary').filter({ hasText: '3 new, 0 unchanged, 0 changed.' }).waitFor()
      expect(await dialog.getByTestId('good-row').nth(0).textContent()).toContain('Acme Corp')
      expect(await dialog.getByTestId('good-row').nth(2).textContent()).toContain('Initech (new customer)')
      expect(await confirmImport(dialog, 3)).toMatch(/^3 imported, 0 unchanged, 0 refused/)
      const cards = page.getByTestId('card')
      await cards.filter({ hasText: 'Initech rollout' }).waitFor()
      expect(await cards.count()).toBe(3)

      // The very same file again: nothing new, nothing sent.
      dialog = await previewImport(page, 'deals.csv', DEALS)
      expect(await dialog.getByTestId('preview-summary').textContent()).toBe('0 new, 3 unchanged, 0 changed.')
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })

      // A later export where one amount changed: one UpdateOpportunity, the count unchanged.
      dialog = await previewImport(page, 'deals-later.csv', DEALS.replace('"48,000"', '"52,000"'))
      expect(await dialog.getByTestId('preview-summary').textContent()).toBe('0 new, 2 unchanged, 1 changed.')
      expect(await dialog.locator('[data-status="changed"]').textContent()).toContain('amount $48,000.00 → $52,000.00')
      expect(await confirmImport(dialog, 1)).toMatch(/^1 imported, 2 unchanged, 0 refused/)
      await cards.filter({ hasText: 'Acme platform' }).filter({ hasText: '52,000' }).waitFor()
      expect(await cards.count()).toBe(3)

      // One Acme Corp, holding its deal.
      await page.getByRole('tab', { name: 'Customers' }).click()
      const customers = page.getByTestId('customers')
      await customers.getByText('Initech').waitFor()
      expect(await customers.getByText('Acme Corp', { exact: true }).count()).toBe(1)
      expect(await customers.locator('tbody tr').count()).toBe(3)
    } finally {
      await page.context().close()
      await host.close()
    }
  })
})
