// The answers of the engine's built-in inspection queries, as they arrive over the query path.
export { leafFields, type AggregateStateAnswer, type EventPositionAnswer, type InspectedEvent, type LogDiffAnswer } from '../../domain/kernel/inspection.ts'
