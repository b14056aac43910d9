/**
 * A deep copy of an event or of its data: plain objects and arrays copied by hand (ten times faster than
 * structuredClone on an envelope), anything else (a Date, a Map) by structuredClone.
 */
export function copyOf<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(copyOf) as T
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return structuredClone(value)
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {}
  for (const key of Object.keys(value)) out[key] = copyOf((value as Record<string, unknown>)[key])
  return out as T
}
