import { z } from 'zod'
import type { Registry } from '../app/registry.ts'

/** The kind of value a command's field takes, as the flow editor's form draws it. */
export type FieldType = 'string' | 'decimal' | 'integer' | 'number' | 'boolean' | 'enum' | 'date' | 'object' | 'array'

/** One field of a command's data. */
export interface CommandField {
  name: string
  type: FieldType
  required: boolean
  options?: string[]
  description?: string
}

/** One command of the registry, with its fields: what the form editor offers. */
export interface CommandInfo {
  command: string
  aggregate: string
  context: string
  policyOnly: boolean
  fields: CommandField[]
}

type JsonSchema = { type?: string | string[]; enum?: unknown[]; format?: string; anyOf?: JsonSchema[]; description?: string; properties?: Record<string, JsonSchema>; required?: string[] }

/**
 * A text field that takes decimals: its schema accepts "1" and "12.5" and refuses "abc" (amounts and prices
 * are decimal strings whose rule is a refinement JSON Schema cannot show).
 */
function takesDecimals(field: z.ZodType | undefined): boolean {
  if (!field) return false
  return field.safeParse('1').success && field.safeParse('12.5').success && !field.safeParse('abc').success
}

/** A JSON Schema property as a form field's type (a nullable one as its non-null part). */
function typeOf(schema: JsonSchema, field: z.ZodType | undefined): Pick<CommandField, 'type' | 'options'> {
  const options = schema.anyOf?.filter((s) => s.type !== 'null') ?? []
  if (options.length === 1) return typeOf(options[0], field)
  if (Array.isArray(schema.enum)) return { type: 'enum', options: schema.enum.map(String) }
  if (schema.format === 'date') return { type: 'date' }
  switch (schema.type) {
    case 'string':
      return { type: takesDecimals(field) ? 'decimal' : 'string' }
    case 'integer':
    case 'number':
    case 'boolean':
    case 'object':
    case 'array':
      return { type: schema.type }
    default:
      return { type: 'object' }
  }
}

/**
 * Every command of the registry with its data's fields, from its zod schema (z.toJSONSchema); decimal
 * text fields are 'decimal'; sorted by context, aggregate and command.
 */
export function commandCatalog(registry: Registry): CommandInfo[] {
  const out: CommandInfo[] = []
  for (const context of registry.contexts) {
    for (const aggregate of context.aggregates) {
      for (const [command, spec] of Object.entries(aggregate.commands)) {
        const json = z.toJSONSchema(spec.schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema
        const shape = (spec.schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {}
        const required = new Set(json.required ?? [])
        const fields = Object.entries(json.properties ?? {}).map(([name, property]): CommandField => ({
          name,
          ...typeOf(property, shape[name]),
          required: required.has(name),
          ...(property.description ? { description: property.description } : {}),
        }))
        out.push({ command, aggregate: aggregate.name, context: context.name, policyOnly: spec.policyOnly === true, fields })
      }
    }
  }
  return out
}
