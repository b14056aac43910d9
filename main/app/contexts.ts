import type { BoundedContext } from '../../domain/kernel/index.ts'
import { sales } from '../../domain/sales/index.ts'
import { storming } from '../../domain/storming/index.ts'
import { trading } from '../../domain/trading/index.ts'

/** The bounded contexts this build of Stormbook registers with its engine. */
export const contexts: readonly BoundedContext[] = [sales, trading, storming]
