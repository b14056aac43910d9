import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { card, column, openAcmeAndGlobex, problems } from './pipeline-support.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '')
const focusInside = (page: Page, selector: string) => page.evaluate((s) => !!document.activeElement?.closest(s), selector)

const seeded = (name: string, stage: 'prospecting' | 'proposal' | 'won') => openAcmeAndGlobex(suite.browser, suite.workspace.dir, name, stage)

describe('the pipeline from the keyboard', () => {
  it('keeps focus inside a dialog, closes it with Esc and gives focus back; Enter opens a deal beside the board, Esc closes it', async () => {
    const { host, page } = await seeded('esc', 'prospecting')

    const opener = page.getByRole('button', { name: 'New opportunity' }).first()
    await opener.focus()
    await page.keyboard.press('Enter')
    const form = page.getByRole('dialog', { name: 'New opportunity' })
    await form.waitFor()
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      expect(await focusInside(page, '[role="dialog"]')).toBe(true)
    }
    await page.keyboard.press('Shift+Tab')
    expect(await focusInside(page, '[role="dialog"]')).toBe(true)
    await page.keyboard.press('Escape')
    await form.waitFor({ state: 'detached' })
    expect(await focusedText(page)).toBe('New opportunity')

    await page.getByRole('button', { name: 'Import CSV' }).click()
    const importer = page.getByRole('dialog', { name: 'Import CSV' })
    await importer.waitFor()
    expect(await focusInside(page, '[role="dialog"]')).toBe(true)
    await page.keyboard.press('Escape')
    await importer.waitFor({ state: 'detached' })

    // Enter on a card: the panel opens with focus inside, and the Won and Lost columns stay in view beside it.
    await card(page, 'Acme platform').focus()
    await page.keyboard.press('Enter')
    const panel = page.getByTestId('opportunity-detail')
    await panel.waitFor()
    expect(await focusInside(page, '[data-testid="opportunity-detail"]')).toBe(true)
    const panelBox = (await panel.boundingBox())!
    for (const stage of ['closed_won', 'closed_lost']) {
      const box = (await column(page, stage).boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(panelBox.x + 1)
    }
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe('o-acme')
    expect(problems(page)).toEqual([])
    await page.context().close()
    await host.close()
  })

  it('moves a card with the "Move to…" menu and with Shift+→, and refusals name the deal, not its id', async () => {
    const { host, page } = await seeded('move', 'prospecting')

    await card(page, 'Acme platform').focus()
    await page.keyboard.press('m')
    const menu = page.getByRole('menu', { name: 'Move to' })
    await menu.waitFor()
    expect(await focusedText(page)).toBe('Qualification')
    await page.keyboard.press('Enter')
    await column(page, 'qualification').getByTestId('card').filter({ hasText: 'Acme platform' }).waitFor()

    // The same rules as a drag: skipping a stage is refused, in words that name the deal.
    await card(page, 'Globex pilot').focus()
    await page.keyboard.press('m')
    await menu.waitFor()
    await page.keyboard.press('ArrowDown')
    expect(await focusedText(page)).toBe('Proposal')
    await page.keyboard.press('Enter')
    const refusal = page.getByTestId('toast').filter({ hasText: 'NOT_QUALIFIED' })
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('Globex pilot')
    expect(await refusal.textContent()).not.toContain('o-globex')
    await column(page, 'prospecting').getByTestId('card').filter({ hasText: 'Globex pilot' }).waitFor()

    await page.keyboard.press('Escape')
    await card(page, 'Acme platform').focus()
    await page.keyboard.press('Shift+ArrowRight')
    await column(page, 'proposal').getByTestId('card').filter({ hasText: 'Acme platform' }).waitFor()
    expect(problems(page)).toEqual([])
    await page.context().close()
    await host.close()
  })

  it('says where a reopened deal landed when the domain puts it elsewhere than the drop', async () => {
    const { host, page } = await seeded('landing', 'won')
    await column(page, 'closed_won').getByTestId('card').filter({ hasText: 'Acme platform' }).waitFor()
    await card(page, 'Acme platform').dragTo(column(page, 'prospecting').locator('.column-body'))
    await page.getByTestId('toast').filter({ hasText: 'Reopened Acme platform into Proposal, the stage it was won from.' }).waitFor()
    await column(page, 'proposal').getByTestId('card').filter({ hasText: 'Acme platform' }).waitFor()
    expect(await column(page, 'prospecting').getByTestId('card').filter({ hasText: 'Acme platform' }).count()).toBe(0)
    await page.context().close()
    await host.close()
  })

  it('asks for a reason before marking a deal lost, by drag and by button', async () => {
    const { host, page } = await seeded('lost', 'prospecting')

    await card(page, 'Globex pilot').dragTo(column(page, 'closed_lost').locator('.column-body'))
    const ask = page.getByRole('dialog', { name: 'Mark Globex pilot lost' })
    await ask.waitFor()
    // No reason: it says so at the choice and sends nothing.
    await ask.getByRole('button', { name: 'Mark lost' }).click()
    await ask.getByRole('alert').filter({ hasText: 'Choose a reason, or write one.' }).waitFor()
    expect(await column(page, 'closed_lost').getByTestId('card').count()).toBe(0)
    await ask.getByLabel('Chose a competitor').check()
    await ask.getByRole('button', { name: 'Mark lost' }).click()
    await column(page, 'closed_lost').getByTestId('card').filter({ hasText: 'Globex pilot' }).waitFor()

    await card(page, 'Acme platform').click()
    await page.getByTestId('opportunity-detail').getByRole('button', { name: 'Mark lost…' }).click()
    const byButton = page.getByRole('dialog', { name: 'Mark Acme platform lost' })
    await byButton.getByLabel('Other').check()
    await byButton.getByLabel('In your words').fill('Merged with a customer of ours')
    await byButton.getByRole('button', { name: 'Mark lost' }).click()
    await column(page, 'closed_lost').getByTestId('card').filter({ hasText: 'Acme platform' }).waitFor()
    const lost = host.workspace.engine.store
    expect(lost.lastPosition).toBeGreaterThan(0)
    await page.getByTestId('history').getByText('OpportunityLost').waitFor()
    await page.context().close()
    await host.close()
  })

  it('finds deals and customers by name in the palette, and offers moves for the selected deal', async () => {
    const { host, page } = await seeded('palette', 'prospecting')

    await page.keyboard.press('Control+k')
    const palette = page.getByRole('dialog', { name: 'Command palette' })
    await palette.waitFor()
    await page.keyboard.type('acme')
    await palette.getByRole('option', { name: /Deal: Acme platform · Acme · Prospecting/ }).waitFor()
    await palette.getByRole('option', { name: /Customer: Acme/ }).waitFor()
    expect(await palette.getByRole('option', { name: /Globex/ }).count()).toBe(0)
    await palette.getByRole('option', { name: /Deal: Acme platform/ }).click()
    await page.getByTestId('opportunity-detail').getByRole('heading', { name: 'Acme platform' }).waitFor()

    await page.keyboard.press('Control+k')
    await page.keyboard.type('move to qualification')
    await palette.getByRole('option', { name: /Move to Qualification: Acme platform/ }).waitFor()
    await page.keyboard.press('Enter')
    await column(page, 'qualification').getByTestId('card').filter({ hasText: 'Acme platform' }).waitFor()

    await page.keyboard.press('Control+k')
    await page.keyboard.type('mark lost')
    await page.keyboard.press('Enter')
    await page.getByRole('dialog', { name: 'Mark Acme platform lost' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('dialog', { name: 'Mark Acme platform lost' }).waitFor({ state: 'detached' })
    // Esc closed the dialog only: the deal's panel is still open.
    await page.getByTestId('opportunity-detail').waitFor()

    await page.keyboard.press('Control+k')
    await page.keyboard.type('flag churn')
    await palette.getByRole('option', { name: /Flag churn risk…: Acme/ }).waitFor()
    await page.keyboard.press('Escape')
    await palette.waitFor({ state: 'detached' })
    await page.getByTestId('opportunity-detail').waitFor()
    expect(problems(page)).toEqual([])
    await page.context().close()
    await host.close()
  })
})
