/**
 * The queries the board shows (its cards, the customer filter, revenue at risk, the stale marks), in the
 * order it asks them. The page's entry asks them ahead, before the board's code has loaded.
 */
export const BOARD_QUERIES = ['Opportunities', 'Customers', 'RevenueAtRisk', 'SalesMetrics'] as const
