import type { Browser, Page } from 'playwright-core'
import type { Host } from '../../main/host/host.ts'
import { openApp } from './browser.ts'

/** The board's column of a stage. */
export const column = (page: Page, stage: string) => page.getByTestId(`column-${stage}`)
/** The card of a deal, found by its name as the rep reads it. */
export const card = (page: Page, name: string) => page.getByTestId('card').filter({ hasText: name })
/** The console errors and page errors the page has shown so far (openApp collects them). */
export const problems = (page: Page) => (page as Page & { problems?: string[] }).problems

/** Sends a command as rep-7 straight to the host's engine (the setup a scenario starts from). */
export type Send = (command: string, data: Record<string, unknown>) => Promise<void>

/**
 * Opens the app on a new workspace `name` (next to the suite's) with Acme and Globex, each with a deal in
 * prospecting ("Acme platform", 48,000; "Globex pilot", 12,000); Acme's is then moved to `stage`.
 */
export async function openAcmeAndGlobex(browser: Browser, suiteDir: string, name: string, stage: 'prospecting' | 'proposal' | 'won' = 'prospecting'): Promise<{ host: Host; page: Page; send: Send }> {
  const opened = await openApp(browser, suiteDir.replace(/workspace$/, name))
  const engine = opened.host.workspace.engine
  const send: Send = async (command, data) => {
    const result = await engine.dispatch({ command, data, actor: 'rep-7' })
    if (!result.ok) throw new Error(`${command}: ${result.error.code}`)
  }
  await send('RegisterCustomer', { customerId: 'c-acme', name: 'Acme' })
  await send('RegisterCustomer', { customerId: 'c-globex', name: 'Globex' })
  await send('CreateOpportunity', { opportunityId: 'o-acme', customerId: 'c-acme', name: 'Acme platform', kind: 'new', amount: '48000', closeDate: '2027-06-30', salesOwner: 'rep-7' })
  await send('CreateOpportunity', { opportunityId: 'o-globex', customerId: 'c-globex', name: 'Globex pilot', kind: 'new', amount: '12000', closeDate: '2027-06-30', salesOwner: 'rep-7' })
  if (stage !== 'prospecting') {
    await send('QualifyOpportunity', { opportunityId: 'o-acme' })
    await send('SendProposal', { opportunityId: 'o-acme' })
  }
  if (stage === 'won') await send('CloseOpportunity', { opportunityId: 'o-acme', outcome: 'won' })
  await card(opened.page, 'Acme platform').waitFor()
  await card(opened.page, 'Globex pilot').waitFor()
  return { ...opened, send }
}
