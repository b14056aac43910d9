import type { Upcaster } from '../kernel/index.ts'

/** Current schema version of sales events whose data changed shape (1 where absent). */
export const salesEventSchemas: Record<string, number> = { CustomerRegistered: 2 }

/** Old shapes of sales events brought up to date on read. */
export const salesUpcasters: Upcaster[] = [
  // Schema 1 had no segment: {customerId, name}.
  { type: 'CustomerRegistered', from: 1, up: (data) => ({ ...data, segment: null }) },
]
