import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { blankStep, STEP_KINDS } from '../../../renderer/flows/draft.ts'
import { StepEditor } from '../../../renderer/flows/editor/StepEditor.tsx'
import type { CommandInfo } from '../../../renderer/workspace/flows.ts'

const commands: CommandInfo[] = [{
  command: 'CreateOpportunity', aggregate: 'Opportunity', context: 'sales', policyOnly: false,
  fields: [
    { name: 'opportunityId', type: 'string', required: true },
    { name: 'amount', type: 'decimal', required: true },
    { name: 'kind', type: 'enum', required: true, options: ['new', 'expansion'] },
  ],
}]

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ')
}

describe('a step in the form', () => {
  it('draws every kind of step with its own fields', () => {
    const expected: Record<string, string[]> = {
      command: ['Actor', 'Command', 'Then: expected events', 'Or expect a refusal'],
      given: ['Stream', 'Event type', 'Actor', 'At', 'Data'],
      advance: ['Advance the clock by', 'Then: expected events'],
      market: ['Symbol', 'Price'],
      hotspot: ['Hotspot'],
      query: ['Query', 'Params', 'Expected result'],
    }
    for (const kind of STEP_KINDS) {
      const shown = text(renderToStaticMarkup(<StepEditor step={blankStep(kind, 'rep')} index={0} count={1} problems={[]} commands={commands} readOnly={false} />))
      for (const label of [...expected[kind], 'Note']) expect(shown, kind).toContain(label)
    }
  })

  it('builds a command’s data fields from its schema, with their types', () => {
    const html = renderToStaticMarkup(<StepEditor step={{ actor: 'rep', command: 'CreateOpportunity', data: { amount: '12000.50' } }} index={0} count={1} problems={[]} commands={commands} readOnly={false} />)
    expect(text(html)).toContain('amount * · decimal, e.g. 12,000.50')
    expect(html).toContain('value="12000.50"')
    expect(html).toMatch(/<option value="expansion">expansion<\/option>/)
  })

  it('shows the engine’s message at its field, and what no field holds at the step', () => {
    const problems = [
      { field: 'steps[2].data.amount', code: 'FLOW_INVALID', message: 'steps[2].data.amount: amount must be a decimal string' },
      { field: 'steps[2].surprise', code: 'FLOW_INVALID', message: 'steps[2]: unknown field surprise' },
    ]
    const html = renderToStaticMarkup(<StepEditor step={{ actor: 'rep', command: 'CreateOpportunity', data: { amount: 'twelve' } }} index={2} count={3} problems={problems} commands={commands} readOnly={false} />)
    const amount = html.slice(html.indexOf('>amount'), html.indexOf('>kind'))
    expect(amount).toContain('aria-invalid="true"')
    expect(text(amount)).toContain('amount must be a decimal string')
    expect(text(html)).toContain('unknown field surprise')
    expect(text(html).match(/amount must be a decimal string/g)).toHaveLength(1)
  })

  it('shows a given event’s time, and the engine’s message at it', () => {
    const step = { given: [{ stream: 'Customer-acme', type: 'CustomerRegistered', data: {}, at: 'last Tuesday' }] }
    const problems = [{ field: 'steps[0].given[0].at', code: 'FLOW_INVALID', message: 'steps[0].given[0].at: not an ISO-8601 instant such as 2027-01-04T09:00:00Z' }]
    const html = renderToStaticMarkup(<StepEditor step={step} index={0} count={1} problems={problems} commands={commands} readOnly={false} />)
    const at = html.slice(html.indexOf('>At'), html.indexOf('>Data'))
    expect(at).toContain('value="last Tuesday"')
    expect(at).toContain('aria-invalid="true"')
    expect(text(at)).toContain('not an ISO-8601 instant')
  })
})
