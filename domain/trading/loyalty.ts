import { Dec, type Dec as Decimal } from '../kernel/index.ts'

/** The portfolio's loyalty tier: it sets the commission charged on every trade. */
export type LoyaltyLevel = 'basic' | 'bronze' | 'silver' | 'gold' | 'platinum'

/** The commission of one trade (buy or sell) per loyalty level, in USD. */
export const COMMISSION: Readonly<Record<LoyaltyLevel, string>> = {
  basic: '9.99',
  bronze: '8.99',
  silver: '7.99',
  gold: '6.99',
  platinum: '5.99',
}

/** The lowest total value of each tier above basic, highest first. */
const THRESHOLDS: ReadonlyArray<readonly [LoyaltyLevel, string]> = [
  ['platinum', '1000000'],
  ['gold', '100000'],
  ['silver', '50000'],
  ['bronze', '10000'],
]

/** The tier a total value earns: basic < 10,000 ≤ bronze < 50,000 ≤ silver < 100,000 ≤ gold < 1,000,000 ≤ platinum. */
export function loyaltyLevelFor(totalValue: Decimal | string): LoyaltyLevel {
  const value = new Dec(totalValue)
  for (const [level, from] of THRESHOLDS) if (value.gte(from)) return level
  return 'basic'
}

/** The commission the next trade of a portfolio at this level pays. */
export function commissionFor(level: LoyaltyLevel): string {
  return COMMISSION[level]
}
