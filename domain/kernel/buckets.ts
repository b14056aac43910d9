/**
 * A record of values by key for aggregate states that only grow (every order a portfolio ever placed),
 * spread over a fixed number of buckets by a hash of the key. States are immutable, so a change copies
 * what it touches: here one small bucket and the bucket index, not every entry. Plain JSON, so states
 * holding it still survive the round trip they are saved with.
 */
export type Buckets<T> = Record<string, Record<string, T>>

const BUCKET_COUNT = 64

/** FNV-1a over the key's UTF-16 units, then a final mix so that ids differing only at the end spread evenly. */
function bucketOf(key: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193)
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  return String((hash >>> 0) % BUCKET_COUNT)
}

/** The value under `key`, if any. */
export function bucketGet<T>(buckets: Buckets<T>, key: string): T | undefined {
  const bucket = buckets[bucketOf(key)]
  return bucket !== undefined && Object.hasOwn(bucket, key) ? bucket[key] : undefined
}

/** A new record with `key` set to `value`; `buckets` is left as it was. */
export function bucketSet<T>(buckets: Buckets<T>, key: string, value: T): Buckets<T> {
  const name = bucketOf(key)
  return { ...buckets, [name]: { ...buckets[name], [key]: value } }
}

/** Every value, bucket by bucket (no particular order). */
export function bucketValues<T>(buckets: Buckets<T>): T[] {
  return Object.values(buckets).flatMap((bucket) => Object.values(bucket))
}
