/**
 * Migration 4's SQL: push_many, set-based. Migration 2's called push_stream once per stream (five statements
 * each, so a call of 200 streams ran a thousand); this one checks, inserts and moves every stream of the
 * call in three statements whatever their number, with the same answers and the same rules.
 * `channel` is the NOTIFY channel (passed in: migrations.ts owns the constant and imports this file).
 */
export function migration4(channel: string): string {
  return `
-- p_batches: [{stream, expected, events: [{id, type, at, data, meta}]}], one per stream. Answers one push
-- answer per batch, in order ({status, version, inserted}), each as push answers it. Every stream's lock is
-- taken first (in one order, so two laptops never deadlock), before the transaction has an id: a later
-- version of a stream still gets a later transaction id.
CREATE OR REPLACE FUNCTION stormbook.push_many(p_team text, p_origin text, p_batches jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  statuses  text[];
  knowns    integer[];
  answers   jsonb;
  misplaced text;
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'push must be the first write of its transaction' USING ERRCODE = 'SB003';
  END IF;
  IF p_team IS NULL OR p_team = '' OR jsonb_typeof(p_batches) IS DISTINCT FROM 'array' OR EXISTS (
    SELECT 1 FROM jsonb_array_elements(p_batches) x
    WHERE jsonb_typeof(x) <> 'object' OR coalesce(x->>'stream', '') = '' OR jsonb_typeof(x->'expected') IS DISTINCT FROM 'number'
       OR (x->>'expected')::numeric < 0 OR jsonb_typeof(x->'events') IS DISTINCT FROM 'array' OR jsonb_array_length(x->'events') = 0
  ) THEN
    RAISE EXCEPTION 'push needs a team, a stream, an expected version >= 0 and at least one event' USING ERRCODE = '22023';
  END IF;
  IF (SELECT count(DISTINCT x->>'stream') <> count(*) FROM jsonb_array_elements(p_batches) x) THEN
    RAISE EXCEPTION 'push_many takes one batch per stream' USING ERRCODE = '22023';
  END IF;
  PERFORM pg_advisory_xact_lock(key) FROM (
    SELECT DISTINCT hashtextextended(p_team || '/' || (x->>'stream'), 0) AS key FROM jsonb_array_elements(p_batches) x ORDER BY 1
  ) keys;

  -- Per batch: how many of its events are recorded already (a retry: they must be its first k, at the
  -- versions it gives them; anything else is misplaced), the stream's version, and so the answer.
  WITH b AS (
    SELECT t.ord::integer AS ord, t.x->>'stream' AS stream, (t.x->>'expected')::integer AS expected, jsonb_array_length(t.x->'events') AS n, t.x->'events' AS events
    FROM jsonb_array_elements(p_batches) WITH ORDINALITY AS t(x, ord)
  ), seen AS (
    SELECT b.ord, e.k::integer AS k, e.ev->>'id' AS id, r.team, r.stream, r.version, b.stream AS want_stream, b.expected + e.k::integer AS want_version
    FROM b, jsonb_array_elements(b.events) WITH ORDINALITY AS e(ev, k)
    JOIN stormbook.events r ON r.event_id = (e.ev->>'id')::uuid
  ), known AS (
    SELECT ord, count(*)::integer AS known FROM seen GROUP BY ord
  ), plan AS (
    SELECT b.ord, coalesce(k.known, 0) AS known, b.n, b.expected, coalesce(s.version, 0) AS current
    FROM b LEFT JOIN known k USING (ord) LEFT JOIN stormbook.streams s ON s.team = p_team AND s.stream = b.stream
  ), answer AS (
    SELECT ord, known,
      CASE WHEN known = n THEN 'duplicate' WHEN current <> expected + known THEN 'conflict' ELSE 'ok' END AS status,
      n, expected, current
    FROM plan
  )
  SELECT array_agg(status ORDER BY ord), array_agg(known ORDER BY ord),
         jsonb_agg(jsonb_build_object('status', status, 'version', CASE WHEN status = 'ok' THEN expected + n ELSE current END,
                                      'inserted', CASE WHEN status = 'ok' THEN n - known ELSE 0 END) ORDER BY ord),
         (SELECT min(id) FROM seen JOIN known USING (ord)
           WHERE seen.team <> p_team OR seen.stream <> seen.want_stream OR seen.version <> seen.want_version OR seen.k > known.known)
    INTO statuses, knowns, answers, misplaced
    FROM answer;
  IF misplaced IS NOT NULL THEN
    RAISE EXCEPTION 'event % is recorded already, but not at the place this batch gives it', misplaced USING ERRCODE = 'SB002';
  END IF;
  IF NOT 'ok' = ANY (statuses) THEN RETURN answers; END IF;

  INSERT INTO stormbook.events (event_id, team, stream, version, type, at, data, meta, origin)
    SELECT (e.ev->>'id')::uuid, p_team, t.x->>'stream', (t.x->>'expected')::integer + e.k::integer, e.ev->>'type', e.ev->>'at', e.ev->'data', e.ev->'meta', p_origin
    FROM jsonb_array_elements(p_batches) WITH ORDINALITY AS t(x, ord), jsonb_array_elements(t.x->'events') WITH ORDINALITY AS e(ev, k)
    WHERE statuses[t.ord::integer] = 'ok' AND e.k > knowns[t.ord::integer]
    ORDER BY t.ord, e.k;
  INSERT INTO stormbook.streams AS s (team, stream, version)
    SELECT p_team, t.x->>'stream', (t.x->>'expected')::integer + jsonb_array_length(t.x->'events')
    FROM jsonb_array_elements(p_batches) WITH ORDINALITY AS t(x, ord)
    WHERE statuses[t.ord::integer] = 'ok'
  ON CONFLICT (team, stream) DO UPDATE SET version = excluded.version;
  PERFORM pg_notify('${channel}', p_team);
  RETURN answers;
END
$$;

`
}
