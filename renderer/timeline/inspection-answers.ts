// The answers of the engine's built-in inspection queries, as they arrive over the query path.
export type { AggregateStateAnswer, InspectedEvent, LogDiffAnswer } from '../../domain/kernel/inspection.ts'
