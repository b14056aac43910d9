import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { validateFlow } from '../../main/flows/validate.ts'
import { shots, withFlows } from './flows-support.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()

const step = (page: Page, n: number): Locator => page.getByRole('listitem', { name: new RegExp(`^Step ${n}:`) })

describe('a facilitator writes, records and makes flows', () => {
  it('writes a flow in the form (a decimal typed as 12,000.50, an invalid field told at the field in the engine’s words) and runs it', async () => {
    await withFlows(suite.browser, async (page, host) => {
      await page.getByRole('button', { name: 'New flow' }).click()
      await page.getByLabel('Name', { exact: true }).fill('Acme buys the platform')
      const first = step(page, 1)
      await first.getByLabel('Actor').fill('rep-7')
      await first.getByLabel('Command', { exact: true }).selectOption({ label: 'RegisterCustomer (Customer)' })
      await first.getByLabel(/^customerId/).fill('acme')
      await first.getByLabel(/^name/).fill('Acme')
      await first.getByRole('button', { name: '+ Expected event' }).click()
      await first.getByRole('textbox', { name: 'Event 1', exact: true }).fill('CustomerRegistered')

      await page.getByRole('button', { name: 'Add step' }).click()
      const second = step(page, 2)
      await second.getByLabel('Actor').fill('rep-7')
      await second.getByLabel('Command', { exact: true }).selectOption({ label: 'CreateOpportunity (Opportunity)' })
      for (const [field, value] of [['opportunityId', 'o-1'], ['customerId', 'acme'], ['name', 'Acme platform'], ['closeDate', '2027-03-31'], ['salesOwner', 'rep-7']]) {
        await second.getByLabel(new RegExp(`^${field}`)).fill(value)
      }
      await second.getByLabel(/^kind/).selectOption('new')

      // A wrong amount: the engine's own message shows at the amount field.
      const amount = second.getByLabel(/^amount/)
      await amount.fill('twelve')
      const draft = (text: string) => ({ flow: 'Acme buys the platform', steps: [
        { actor: 'rep-7', command: 'RegisterCustomer', data: { customerId: 'acme', name: 'Acme' }, expect: { events: ['CustomerRegistered'] } },
        { actor: 'rep-7', command: 'CreateOpportunity', data: { opportunityId: 'o-1', customerId: 'acme', name: 'Acme platform', kind: 'new', amount: text, closeDate: '2027-03-31', salesOwner: 'rep-7' } },
      ] })
      const engine = validateFlow(draft('twelve'), host.workspace.engine.registry).problems.find((p) => p.field === 'steps[1].data.amount')
      expect(engine).toBeDefined()
      const amountField = second.locator('.flow-field').filter({ has: page.getByLabel(/^amount/) })
      await expect.poll(() => amountField.getByTestId('field-error').textContent()).toBe(engine!.message.replace('steps[1].data.amount: ', ''))
      expect(await amount.getAttribute('aria-invalid')).toBe('true')
      await expect.poll(() => page.getByTestId('flow-validity').textContent()).toMatch(/1 problem/)
      await second.scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(shots, 'flows-form.png') })

      await amount.fill('12,000.50')
      await expect.poll(() => page.getByTestId('flow-validity').textContent()).toBe('✓ The engine accepts this flow')
      expect(await amountField.getByTestId('field-error').count()).toBe(0)
      expect(validateFlow(draft('12000.50'), host.workspace.engine.registry).problems).toEqual([])

      // Move the second step up and back down with the keyboard.
      await second.getByLabel('Actor').focus()
      await page.keyboard.press('Alt+ArrowUp')
      await expect.poll(() => step(page, 1).getByLabel('Command', { exact: true }).inputValue()).toBe('Opportunity.CreateOpportunity')
      await page.keyboard.press('Alt+ArrowDown')
      await expect.poll(() => step(page, 1).getByLabel('Command', { exact: true }).inputValue()).toBe('Customer.RegisterCustomer')

      await page.getByRole('button', { name: 'Run', exact: true }).click()
      const report = page.getByTestId('flow-report')
      await expect.poll(() => report.getByRole('status').textContent()).toMatch(/✓ Acme buys the platform: all 2 steps passed/)
      expect(host.workspace.engine.store.lastPosition).toBe(0)

      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.getByRole('button', { name: '← Library' }).click()
      const saved = page.getByTestId('flow-acme-buys-the-platform.flow.json')
      await expect.poll(() => saved.textContent()).toContain('Acme buys the platform')
    })
  })

  it('records a flow while using the app, saves it by name, and re-runs it green', async () => {
    await withFlows(suite.browser, async (page) => {
      await page.getByRole('button', { name: '● Record' }).click()
      const indicator = page.getByTestId('recording-indicator')
      await expect.poll(() => indicator.textContent()).toMatch(/Recording…\s*0 commands/)

      await page.getByRole('button', { name: /Pipeline/ }).click()
      await page.getByRole('button', { name: 'New customer' }).first().click()
      await page.getByRole('dialog', { name: 'New customer' }).getByLabel('Name').fill('Initech')
      await page.getByRole('button', { name: 'Register customer' }).click()
      await page.getByRole('dialog').waitFor({ state: 'detached' })
      await page.getByRole('button', { name: 'New opportunity' }).first().click()
      const form = page.getByRole('dialog', { name: 'New opportunity' })
      await form.getByLabel('Name').fill('Initech rollout')
      await form.getByLabel('Amount').fill('24,000')
      await form.getByLabel('Sales owner').fill('rep-7')
      await page.getByRole('button', { name: 'Create opportunity' }).click()
      await page.getByTestId('card').filter({ hasText: 'Initech rollout' }).waitFor()
      await expect.poll(() => indicator.textContent()).toMatch(/2 commands/)

      await indicator.getByRole('button', { name: 'Stop' }).click()
      const dialog = page.getByRole('dialog', { name: 'Save the recording as a flow' })
      await dialog.getByLabel('Name of the flow').fill('Initech rollout recorded')
      await dialog.getByRole('button', { name: 'Save flow' }).click()
      await dialog.waitFor({ state: 'detached' })
      expect(await indicator.count()).toBe(0)

      const recorded = page.locator('.flow').filter({ hasText: 'Initech rollout recorded' })
      await recorded.getByRole('button', { name: 'Check' }).click()
      await expect.poll(() => recorded.getByTestId('flow-report').getByRole('status').textContent()).toMatch(/✓ Initech rollout recorded: all 2 steps passed/) // the two commands; the seconds between them are think time, not a step
      await expect.poll(() => recorded.getByTestId('flow-last-result').textContent()).toMatch(/✓ passed/)
      await page.getByRole('heading', { name: 'Flows', exact: true }).scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(shots, 'flows-library.png') })
    })
  })

  it('makes a spec from a command on the storm view, opens it in Flows and runs it green', async () => {
    await withFlows(suite.browser, async (page) => {
      // Something in the log: the sales funnel run into this workspace.
      const funnel = page.getByTestId('flow-sales-funnel.flow.json')
      await funnel.getByRole('button', { name: 'Run into this workspace' }).click()
      await expect.poll(() => funnel.getByTestId('flow-report').getByRole('status').textContent()).toMatch(/all \d+ steps passed/)

      await page.getByRole('button', { name: /Timeline/ }).click()
      await page.getByRole('button', { name: /QualifyOpportunity/ }).first().click()
      const details = page.getByTestId('storm-details')
      await details.getByRole('button', { name: 'Make a spec' }).click()
      const saved = details.getByTestId('make-spec').getByRole('status')
      await expect.poll(() => saved.textContent()).toMatch(/Saved “.+” as .+\.flow\.json in the flow library/)
      await saved.getByRole('button', { name: 'Open in Flows' }).click()

      await page.getByTestId('flow-editor').waitFor()
      await expect.poll(() => page.getByTestId('flow-validity').textContent()).toBe('✓ The engine accepts this flow')
      await expect.poll(() => page.getByRole('listitem', { name: /: When: a command$/ }).first().getByLabel('Command', { exact: true }).inputValue()).toBe('Opportunity.QualifyOpportunity')
      await page.getByRole('button', { name: 'Run', exact: true }).click()
      await expect.poll(() => page.getByTestId('flow-report').getByRole('status').textContent()).toMatch(/✓ .*: all \d+ steps passed/)
    })
  })
})
