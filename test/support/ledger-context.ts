import { z } from 'zod'
import { Dec, money, reject, type AggregateDefinition, type BoundedContext, type Policy, type Projection } from '../../domain/kernel/index.ts'

/**
 * A small bounded context for engine and store tests, independent of the product's contexts:
 * accounts with deposits, a policy that grants a bonus on big deposits, a policy whose command is
 * refused (to see PolicyCommandRejected), and a balances read model.
 */
interface AccountState {
  exists: boolean
  balance: string
  bonuses: number
}

const amount = z.string().regex(/^\d+(\.\d+)?$/)

const account: AggregateDefinition<AccountState> = {
  name: 'Account',
  decider: {
    initialState: { exists: false, balance: '0.00', bonuses: 0 },
    decide(command, state) {
      const d = command.data as Record<string, string>
      switch (command.type) {
        case 'OpenAccount':
          return state.exists ? reject('ACCOUNT_EXISTS', `Account ${d.accountId} exists`) : [{ type: 'AccountOpened', data: { accountId: d.accountId, owner: d.owner } }]
        case 'Deposit':
          if (!state.exists) return reject('UNKNOWN_ACCOUNT', `No account ${d.accountId}`)
          return [{ type: 'Deposited', data: { accountId: d.accountId, amount: money(d.amount) } }]
        case 'GrantBonus':
          if (!state.exists) return reject('UNKNOWN_ACCOUNT', `No account ${d.accountId}`)
          return [{ type: 'BonusGranted', data: { accountId: d.accountId, amount: money(d.amount) } }]
        case 'Freeze':
          return reject('CANNOT_FREEZE', 'Accounts cannot be frozen in this test domain')
        default:
          return reject('UNKNOWN', command.type)
      }
    },
    evolve(state, event) {
      const d = event.data as Record<string, string>
      switch (event.type) {
        case 'AccountOpened':
          return { ...state, exists: true }
        case 'Deposited':
          return { ...state, balance: money(new Dec(state.balance).plus(d.amount)) }
        case 'BonusGranted':
          return { ...state, balance: money(new Dec(state.balance).plus(d.amount)), bonuses: state.bonuses + 1 }
        default:
          return state
      }
    },
  },
  commands: {
    OpenAccount: { schema: z.strictObject({ accountId: z.string().min(1), owner: z.string().min(1) }), id: (d) => String(d.accountId) },
    Deposit: { schema: z.strictObject({ accountId: z.string().min(1), amount }), id: (d) => String(d.accountId), fieldCodes: { amount: 'INVALID_AMOUNT' } },
    GrantBonus: { schema: z.strictObject({ accountId: z.string().min(1), amount }), id: (d) => String(d.accountId), policyOnly: true },
    Freeze: { schema: z.strictObject({ accountId: z.string().min(1) }), id: (d) => String(d.accountId), policyOnly: true },
  },
}

/** A second aggregate with a command of the same name, to test ambiguity. */
const audit: AggregateDefinition<{ n: number }> = {
  name: 'Audit',
  decider: {
    initialState: { n: 0 },
    decide: (command) => [{ type: 'AuditNoted', data: { auditId: command.data.auditId } }],
    evolve: (s) => ({ n: s.n + 1 }),
  },
  commands: { Deposit: { schema: z.strictObject({ auditId: z.string() }), id: (d) => String(d.auditId) } },
}

const bonus: Policy = {
  name: 'BonusOnBigDeposit',
  on: ['Deposited'],
  react(event, context) {
    const threshold = String(context.settings.bonusThreshold)
    const d = event.data as { accountId: string; amount: string }
    return new Dec(d.amount).gte(threshold) ? [{ command: 'GrantBonus', data: { accountId: d.accountId, amount: '10' } }] : []
  },
}

const freezeOnBonus: Policy = {
  name: 'FreezeOnBonus',
  on: ['BonusGranted'],
  react: (event) => [{ command: 'Freeze', data: { accountId: (event.data as { accountId: string }).accountId } }],
}

interface Balances {
  accounts: Record<string, { owner: string; balance: string; events: number }>
}

const balances: Projection<Balances> = {
  name: 'Balances',
  init: () => ({ accounts: {} }),
  on: ['AccountOpened', 'Deposited', 'BonusGranted'],
  apply(state, event) {
    const d = event.data as Record<string, string>
    if (event.type === 'AccountOpened') state.accounts[d.accountId] = { owner: d.owner ?? d.holder, balance: '0.00', events: 1 }
    else {
      const a = state.accounts[d.accountId]
      a.balance = money(new Dec(a.balance).plus(d.amount))
      a.events++
    }
    return state
  },
  queries: {
    Balance: {
      params: z.strictObject({ accountId: z.string() }),
      run: (state, params) => state.accounts[String(params.accountId)] ?? null,
    },
    Total: {
      run: (state) => ({ total: money(Object.values(state.accounts).reduce((t, a) => t.plus(a.balance), new Dec(0))), count: Object.keys(state.accounts).length }),
    },
    History: {
      params: z.strictObject({ accountId: z.string() }),
      run: (_state, params, context) => context.readStream(`Account-${String(params.accountId)}`).map((e) => e.type),
    },
  },
}

/** The ledger test context: AccountOpened is at schema 2 (schema 1 called the owner `holder`). */
export const ledger: BoundedContext = {
  name: 'ledger',
  aggregates: [account, audit],
  policies: [bonus, freezeOnBonus],
  projections: [balances],
  eventSchemas: { AccountOpened: 2 },
  upcasters: [{ type: 'AccountOpened', from: 1, up: (d) => ({ accountId: d.accountId, owner: d.holder }) }],
  settings: z.object({ bonusThreshold: z.string().regex(/^\d+(\.\d+)?$/).default('1000') }),
}
