import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openApp } from './browser.ts'
import { card, column, problems } from './pipeline-support.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const workspace = suite.workspace


async function newCustomer(page: Page, name: string) {
  await page.getByRole('button', { name: 'New customer' }).first().click()
  await page.getByRole('dialog', { name: 'New customer' }).getByLabel('Name').fill(name)
  await page.getByRole('button', { name: 'Register customer' }).click()
  await page.getByRole('dialog').waitFor({ state: 'detached' })
}

async function newOpportunity(page: Page, name: string, amount: string) {
  await page.getByRole('button', { name: 'New opportunity' }).first().click()
  const form = page.getByRole('dialog', { name: 'New opportunity' })
  await form.getByLabel('Name').fill(name)
  await form.getByLabel('Amount').fill(amount)
  await page.getByRole('button', { name: 'Create opportunity' }).click()
  await card(page, name).waitFor()
}

describe('a sales rep corrects, wins and imports', () => {
  it('edits an amount in place, undoes it (the amount comes back), redoes it, and is told what cannot be undone', async () => {
    const { host, page } = await openApp(suite.browser, workspace.dir.replace(/workspace$/, 'undo'))
    await newCustomer(page, 'Initech')
    await newOpportunity(page, 'Initech rollout', '24000')
    await card(page, 'Initech rollout').click()
    const detail = page.getByTestId('opportunity-detail')

    await detail.getByTestId('field-amount').click()
    await detail.getByTestId('edit-amount').fill('30000')
    await detail.getByTestId('edit-amount').press('Enter')
    await card(page, 'Initech rollout').filter({ hasText: '30,000' }).waitFor()
    await detail.getByTestId('history').getByText('OpportunityUpdated').waitFor()

    // Esc cancels: nothing is sent.
    await detail.getByTestId('field-amount').click()
    await detail.getByTestId('edit-amount').fill('1')
    await detail.getByTestId('edit-amount').press('Escape')
    expect(await detail.getByTestId('field-amount').textContent()).toBe('$30,000.00')

    // A refused edit shows the rule with its code, and the field keeps the engine's value.
    await detail.getByTestId('field-amount').click()
    await detail.getByTestId('edit-amount').fill('-5')
    await detail.getByTestId('edit-amount').press('Enter')
    await detail.getByTestId('field-error').waitFor()
    expect(await detail.getByTestId('field-error').textContent()).toMatch(/INVALID_AMOUNT|INVALID_COMMAND/)
    expect(await detail.getByTestId('field-amount').textContent()).toBe('$30,000.00')

    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+z')
    await card(page, 'Initech rollout').filter({ hasText: '24,000' }).waitFor()
    await page.getByTestId('toast').filter({ hasText: 'Undone UpdateOpportunity' }).waitFor()
    expect(await detail.getByTestId('history').locator('.event-type').allTextContents()).toEqual(['OpportunityCreated', 'OpportunityUpdated', 'OpportunityUpdated'])

    await page.keyboard.press('Control+Shift+z')
    await card(page, 'Initech rollout').filter({ hasText: '30,000' }).waitFor()
    await page.keyboard.press('Control+z')
    await card(page, 'Initech rollout').filter({ hasText: '24,000' }).waitFor()

    // Next back is CreateOpportunity: the domain has no compensating command.
    await page.keyboard.press('Control+z')
    await page.getByTestId('toast').filter({ hasText: "Can't undo CreateOpportunity: the domain has no compensating command" }).waitFor()
    await card(page, 'Initech rollout').waitFor()
    expect(problems(page)).toEqual([])
    await page.context().close()
    await host.close()
  })

  it('wins a deal by contract acceptance: the AutoWin policy closes it, as the history shows', async () => {
    const { host, page } = await openApp(suite.browser, workspace.dir.replace(/workspace$/, 'win'))
    await newCustomer(page, 'Globex')
    await newOpportunity(page, 'Globex renewal', '50000')
    await card(page, 'Globex renewal').click()
    const detail = page.getByTestId('opportunity-detail')
    await detail.getByRole('button', { name: 'Qualify' }).click()
    await detail.getByRole('button', { name: 'Send proposal' }).click()
    await detail.getByRole('button', { name: 'Contract accepted' }).click()
    await column(page, 'closed_won').getByTestId('card').filter({ hasText: 'Globex renewal' }).waitFor()
    const history = detail.getByTestId('history')
    await history.getByText('OpportunityWon').waitFor()
    expect(await history.locator('.event-type').allTextContents()).toEqual(['OpportunityCreated', 'OpportunityQualified', 'ProposalSent', 'ContractAccepted', 'OpportunityWon'])
    expect(await history.locator('li').last().textContent()).toContain('policy AutoWinOnContractAccepted')

    // Undoing the win by reopening is the compensating command the domain has; the acceptance itself has none.
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+z')
    await page.getByTestId('toast').filter({ hasText: "Can't undo AcceptContract" }).waitFor()
    await page.context().close()
    await host.close()
  })

  it('imports a CRM export: the bad row is listed with why, nothing goes in until confirmed, then the good rows do', async () => {
    const { host, page } = await openApp(suite.browser, workspace.dir.replace(/workspace$/, 'import'))
    await newCustomer(page, 'Initech')
    const csv = [
      'Deal Name,Account Name,Amount,Expected Close Date,Deal Owner,Type',
      'Initech upgrade,Initech,"12,500",2027-04-30,rep-7,expansion',
      'Initech support,Initech,3000,2027-05-31,rep-7,renewal',
      'Broken deal,Initech,-20,2027-13-01,rep-7,new',
      'Hooli pilot,Hooli,8000,2027-06-30,rep-9,new',
    ].join('\n')
    await page.getByRole('button', { name: 'Import CSV' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import CSV' })
    await dialog.getByTestId('csv-file').setInputFiles({ name: 'crm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await dialog.getByTestId('mapping').waitFor()
    expect(await dialog.getByLabel('Column for Amount').inputValue()).toBe('Amount')
    expect(await dialog.getByLabel('Column for Close date').inputValue()).toBe('Expected Close Date')
    await dialog.getByRole('button', { name: /^Preview/ }).click()

    await dialog.getByTestId('preview-summary').filter({ hasText: '2 new, 0 unchanged, 0 changed; 2 cannot be imported' }).waitFor()
    const bad = dialog.getByTestId('bad-row')
    expect(await bad.count()).toBe(2)
    expect(await bad.nth(0).textContent()).toMatch(/Broken deal.*INVALID_AMOUNT.*INVALID_COMMAND/)
    expect(await bad.nth(1).textContent()).toMatch(/Hooli pilot.*UNKNOWN_CUSTOMER/)
    expect(await page.getByTestId('card').count()).toBe(0)

    await dialog.getByRole('button', { name: 'Import 2 rows' }).click()
    await dialog.getByTestId('import-summary').waitFor()
    expect(await dialog.getByTestId('import-summary').textContent()).toMatch(/^2 imported, 0 unchanged, 2 refused: 1 × UNKNOWN_CUSTOMER|^2 imported, 0 unchanged, 2 refused: 1 × INVALID_AMOUNT/)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await card(page, 'Initech upgrade').filter({ hasText: '12,500' }).waitFor()
    await card(page, 'Initech support').waitFor()
    expect(await page.getByTestId('card').count()).toBe(2)

    // The table view sorts by a header, from the keyboard too.
    await page.getByRole('button', { name: 'Table', exact: true }).click()
    const rows = page.getByTestId('table-row')
    await rows.first().waitFor()
    const amountHeader = page.getByRole('button', { name: /^Amount/ })
    await amountHeader.focus()
    await page.keyboard.press('Enter')
    expect(await rows.first().textContent()).toContain('Initech support')
    await page.keyboard.press('Enter')
    expect(await rows.first().textContent()).toContain('Initech upgrade')
    expect(problems(page)).toEqual([])
    await page.context().close()
    await host.close()
  })
})
