import { describe, expect, it } from 'vitest'
import { card, column, openAcmeAndGlobex, problems } from './pipeline-support.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()

const seeded = (name: string) => openAcmeAndGlobex(suite.browser, suite.workspace.dir, name)

describe('a sales rep works their deals', () => {
  it('schedules a next step and completes it; an overdue one shows on the card and under "Due"', async () => {
    const { host, page, send } = await seeded('next')

    await card(page, 'Acme platform').click()
    const step = page.getByTestId('next-step')
    await step.getByText('None scheduled.').waitFor()
    await step.getByRole('button', { name: 'Schedule' }).click()
    await step.getByRole('alert').filter({ hasText: 'Write what the next step is.' }).waitFor()
    await step.getByLabel('What').fill('Send the security questionnaire')
    await step.getByLabel('Due').fill('2099-02-15')
    await step.getByRole('button', { name: 'Schedule' }).click()
    await step.getByTestId('next-step-text').filter({ hasText: 'Send the security questionnaire' }).waitFor()
    expect(await step.getByTestId('next-step-due').textContent()).toBe('2099-02-15')
    await card(page, 'Acme platform').getByTestId('card-next-step').filter({ hasText: 'Next: Send the security questionnaire · 2099-02-15' }).waitFor()

    await step.getByRole('button', { name: 'Done' }).click()
    await step.getByText('None scheduled.').waitFor()
    expect(await card(page, 'Acme platform').getByTestId('card-next-step').count()).toBe(0)
    await page.getByTestId('history').getByText('NextStepCompleted').waitFor()

    // A step due in the past: overdue on the card, and the "Due" filter keeps only that deal.
    await send('ScheduleNextStep', { opportunityId: 'o-globex', text: 'Call the CFO', due: '2020-01-10' })
    await card(page, 'Globex pilot').getByTestId('card-next-step').filter({ hasText: 'Overdue: Call the CFO · 2020-01-10' }).waitFor()
    await page.getByTestId('filter-due').check()
    await card(page, 'Acme platform').waitFor({ state: 'detached' })
    expect(await page.getByTestId('card').count()).toBe(1)
    expect(problems(page)).toEqual([])
    await page.context().close()
    await host.close()
  })

  it('takes amounts as people type them, and says what is wrong at the field', async () => {
    const { host, page } = await seeded('amount')

    await page.getByRole('button', { name: 'New opportunity' }).first().click()
    const form = page.getByRole('dialog', { name: 'New opportunity' })
    await form.getByLabel('Name').fill('Acme add-on')
    await form.getByLabel('Amount').fill('twelve')
    await form.getByRole('button', { name: 'Create opportunity' }).click()
    expect(await form.getByTestId('error-amount').textContent()).toBe('Amount must be a number, like 12,000.50')
    await form.getByLabel('Amount').fill('$12,000')
    await form.getByRole('button', { name: 'Create opportunity' }).click()
    await form.waitFor({ state: 'detached' })
    await card(page, 'Acme add-on').filter({ hasText: '12,000' }).waitFor()

    // In place too: "52,000" is an amount.
    await card(page, 'Acme platform').click()
    const detail = page.getByTestId('opportunity-detail')
    await detail.getByTestId('field-amount').click()
    await detail.getByTestId('edit-amount').fill('52,000')
    await detail.getByTestId('edit-amount').press('Enter')
    await card(page, 'Acme platform').filter({ hasText: '52,000' }).waitFor()
    // The history says what changed; undo says what it put back.
    await detail.getByTestId('history-change').filter({ hasText: 'amount $48,000.00 → $52,000.00' }).waitFor()
    await detail.getByRole('heading', { name: 'Acme platform' }).click()
    await page.keyboard.press('Control+z')
    await page.getByTestId('toast').filter({ hasText: 'amount of Acme platform back to $48,000.00' }).waitFor()
    await card(page, 'Acme platform').filter({ hasText: '48,000' }).waitFor()
    expect(problems(page)).toEqual([])
    await page.context().close()
    await host.close()
  })

  it('changes a stage probability and the currency, and the totals follow; the rep’s name is the actor and “My deals” its owner', async () => {
    const { host, page } = await seeded('settings')
    expect(await column(page, 'prospecting').getByTestId('column-weighted').textContent()).toBe('weighted $6,000.00')

    await page.keyboard.press('5')
    const form = page.getByRole('form', { name: 'Sales settings' })
    await form.getByLabel('Prospecting').fill('150')
    await form.getByRole('button', { name: 'Save settings' }).click()
    await form.getByRole('alert').filter({ hasText: 'Must be a percentage from 0 to 100, like 60.' }).waitFor()
    await form.getByLabel('Prospecting').fill('20%')
    await form.getByLabel('Your name').fill('Dana Scully')
    await form.getByLabel('Show amounts in').fill('euro')
    await form.getByRole('button', { name: 'Save settings' }).click()
    await form.getByRole('alert').filter({ hasText: 'Must be a three-letter currency code, like USD or EUR.' }).waitFor()
    await form.getByLabel('Show amounts in').fill('eur')
    await form.getByRole('button', { name: 'Save settings' }).click()
    await page.getByTestId('toast').filter({ hasText: 'Settings saved.' }).waitFor()

    await page.keyboard.press('1')
    await column(page, 'prospecting').getByTestId('column-weighted').filter({ hasText: 'weighted €12,000.00' }).waitFor()
    expect(await page.getByTestId('pipeline-weighted').textContent()).toContain('€12,000.00')
    expect(await card(page, 'Acme platform').textContent()).toContain('€48,000.00')

    // "My deals": the deals owned by the rep's name; these two are rep-7's.
    await page.getByTestId('filter-mine').check()
    await page.getByTestId('card').first().waitFor({ state: 'detached' })
    await page.getByTestId('filter-mine').uncheck()
    await card(page, 'Acme platform').waitFor()

    await card(page, 'Globex pilot').focus()
    await page.keyboard.press('Shift+ArrowRight')
    await column(page, 'qualification').getByTestId('card').filter({ hasText: 'Globex pilot' }).waitFor()
    await card(page, 'Globex pilot').click()
    await page.getByTestId('history').getByText('Dana Scully').waitFor()
    expect(problems(page)).toEqual([])
    await page.context().close()
    await host.close()
  })
})
