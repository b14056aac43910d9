import { migration4 } from './migration-4.ts'
import { migration5 } from './migration-5.ts'
import { migration6 } from './migration-6.ts'

/**
 * The server's schema, as numbered migrations. Each runs once, in order, in the transaction that records
 * it in `stormbook.migrations`; a published migration is never edited, only followed by a new one.
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

/** The role a sales rep's login is granted: may push and read events, never change or remove them. */
export const REP_ROLE = 'stormbook_rep'

/**
 * The channel every push notified (payload: the team) until migration 6; since then each team has a channel
 * of its own (`stormbook.listen_channel(team)`), and this one is listened to only on a server before 6.
 */
export const EVENTS_CHANNEL = 'stormbook_events'

const tables = `
CREATE TABLE stormbook.streams (
  team    text    NOT NULL,
  stream  text    NOT NULL,
  version integer NOT NULL CHECK (version >= 0),
  PRIMARY KEY (team, stream)
);

CREATE TABLE stormbook.events (
  position    bigserial   PRIMARY KEY,
  tx_id       xid8        NOT NULL DEFAULT pg_current_xact_id(),
  event_id    uuid        NOT NULL UNIQUE,
  team        text        NOT NULL,
  stream      text        NOT NULL,
  version     integer     NOT NULL CHECK (version > 0),
  type        text        NOT NULL,
  at          text        NOT NULL,
  data        jsonb       NOT NULL,
  meta        jsonb       NOT NULL,
  origin      text        NOT NULL,
  pushed_by   name        NOT NULL DEFAULT session_user,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team, stream, version)
);

-- The pull cursor walks (tx_id, position) within a team.
CREATE INDEX events_pull ON stormbook.events (team, tx_id, position);
`

const appendOnly = `
CREATE FUNCTION stormbook.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stormbook.events is append-only: % is refused', TG_OP
    USING ERRCODE = 'SB001', HINT = 'Events are never changed or removed; record a new event instead.';
END
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON stormbook.events
  FOR EACH ROW EXECUTE FUNCTION stormbook.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON stormbook.events
  FOR EACH STATEMENT EXECUTE FUNCTION stormbook.refuse_change();
`

// One batch of one stream, in one transaction. p_events: [{id, type, at, data, meta}], in order; they take
// versions p_expected+1…. A batch whose events are all recorded already is a retry ('duplicate'); a batch
// whose first k events are recorded (at the versions it would give them) continues after them.
const push = `
CREATE FUNCTION stormbook.push(p_team text, p_stream text, p_expected integer, p_origin text, p_events jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n        integer := jsonb_array_length(p_events);
  known    integer;
  seen     record;
  current  integer;
  i        integer;
BEGIN
  IF p_team IS NULL OR p_team = '' OR p_stream IS NULL OR p_stream = '' OR p_expected IS NULL OR p_expected < 0 OR n IS NULL OR n = 0 THEN
    RAISE EXCEPTION 'push needs a team, a stream, an expected version >= 0 and at least one event' USING ERRCODE = '22023';
  END IF;
  -- Pushes to one stream take turns on an advisory lock taken before this transaction has an id, so a later
  -- version always gets a later transaction id: pulls, in tx_id order, see a stream's events in version order.
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'push must be the first write of its transaction' USING ERRCODE = 'SB003';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended(p_team || '/' || p_stream, 0));
  INSERT INTO stormbook.streams AS s (team, stream, version) VALUES (p_team, p_stream, 0)
    ON CONFLICT (team, stream) DO NOTHING;
  SELECT version INTO current FROM stormbook.streams WHERE team = p_team AND stream = p_stream FOR UPDATE;
  IF current IS NULL THEN current := 0; END IF;

  -- Events of this batch already recorded (a retry): they must be its first k events, at the versions it
  -- gives them; an event recorded anywhere else is refused. One index lookup per event.
  known := 0;
  FOR i IN 0 .. n - 1 LOOP
    SELECT x.team, x.stream, x.version INTO seen FROM stormbook.events x WHERE x.event_id = (p_events->i->>'id')::uuid;
    CONTINUE WHEN NOT FOUND;
    IF seen.team <> p_team OR seen.stream <> p_stream OR seen.version <> p_expected + i + 1 OR known <> i THEN
      RAISE EXCEPTION 'event % is recorded already, but not at the place this batch gives it', p_events->i->>'id'
        USING ERRCODE = 'SB002';
    END IF;
    known := known + 1;
  END LOOP;
  IF known = n THEN
    RETURN jsonb_build_object('status', 'duplicate', 'version', current, 'inserted', 0);
  END IF;
  IF current <> p_expected + known THEN
    RETURN jsonb_build_object('status', 'conflict', 'version', current, 'inserted', 0);
  END IF;

  INSERT INTO stormbook.events (event_id, team, stream, version, type, at, data, meta, origin)
    SELECT (b.ev->>'id')::uuid, p_team, p_stream, p_expected + b.k::integer, b.ev->>'type', b.ev->>'at', b.ev->'data', b.ev->'meta', p_origin
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS b(ev, k)
    WHERE b.k > known
    ORDER BY b.k;
  UPDATE stormbook.streams SET version = p_expected + n WHERE team = p_team AND stream = p_stream;
  PERFORM pg_notify('${EVENTS_CHANNEL}', p_team);
  RETURN jsonb_build_object('status', 'ok', 'version', p_expected + n, 'inserted', n - known);
END
$$;
`

// Events of a team after the cursor (tx_id, position), only from transactions below the snapshot's xmin:
// every transaction that could still commit an event before the cursor has finished, so none is skipped.
const pull = `
CREATE FUNCTION stormbook.pull(p_team text, p_tx xid8, p_position bigint, p_limit integer)
RETURNS TABLE (tx_id xid8, server_position bigint, event_id uuid, stream text, version integer, type text, at text,
               data jsonb, meta jsonb, origin text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT e.tx_id, e.position, e.event_id, e.stream, e.version, e.type, e.at, e.data, e.meta, e.origin
  FROM stormbook.events e
  WHERE e.team = p_team
    AND (e.tx_id, e.position) > (p_tx, p_position)
    AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.tx_id, e.position
  LIMIT p_limit
$$;
`

const grants = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${REP_ROLE}') THEN CREATE ROLE ${REP_ROLE} NOLOGIN; END IF;
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA stormbook FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA stormbook FROM PUBLIC;
GRANT USAGE ON SCHEMA stormbook TO ${REP_ROLE};
GRANT SELECT ON stormbook.events, stormbook.streams TO ${REP_ROLE};
GRANT EXECUTE ON FUNCTION stormbook.push(text, text, integer, text, jsonb), stormbook.pull(text, xid8, bigint, integer) TO ${REP_ROLE};
`


// Migration 2: many streams' batches in one call and one transaction (a laptop's push of many deals costs
// one round trip, not one per stream). The per-stream rule is push's, moved into push_stream (no checks of
// its own: its callers take the advisory locks first); the duplicate check is one set-based lookup.
const pushStream = `
CREATE FUNCTION stormbook.push_stream(p_team text, p_stream text, p_expected integer, p_origin text, p_events jsonb)
RETURNS jsonb LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n        integer := jsonb_array_length(p_events);
  known    integer;
  misplaced text;
  current  integer;
BEGIN
  IF p_team IS NULL OR p_team = '' OR p_stream IS NULL OR p_stream = '' OR p_expected IS NULL OR p_expected < 0 OR n IS NULL OR n = 0 THEN
    RAISE EXCEPTION 'push needs a team, a stream, an expected version >= 0 and at least one event' USING ERRCODE = '22023';
  END IF;
  INSERT INTO stormbook.streams AS s (team, stream, version) VALUES (p_team, p_stream, 0)
    ON CONFLICT (team, stream) DO NOTHING;
  SELECT version INTO current FROM stormbook.streams WHERE team = p_team AND stream = p_stream FOR UPDATE;

  -- Events of this batch already recorded (a retry) must be its first k events, at the versions it gives them.
  SELECT count(*)::integer INTO known
    FROM jsonb_array_elements(p_events) AS b(ev) JOIN stormbook.events x ON x.event_id = (b.ev->>'id')::uuid;
  IF known > 0 THEN
    SELECT b.ev->>'id' INTO misplaced
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS b(ev, k) JOIN stormbook.events x ON x.event_id = (b.ev->>'id')::uuid
      WHERE x.team <> p_team OR x.stream <> p_stream OR x.version <> p_expected + b.k::integer OR b.k > known
      LIMIT 1;
  END IF;
  IF misplaced IS NOT NULL THEN
    RAISE EXCEPTION 'event % is recorded already, but not at the place this batch gives it', misplaced USING ERRCODE = 'SB002';
  END IF;
  IF known = n THEN
    RETURN jsonb_build_object('status', 'duplicate', 'version', current, 'inserted', 0);
  END IF;
  IF current <> p_expected + known THEN
    RETURN jsonb_build_object('status', 'conflict', 'version', current, 'inserted', 0);
  END IF;

  INSERT INTO stormbook.events (event_id, team, stream, version, type, at, data, meta, origin)
    SELECT (b.ev->>'id')::uuid, p_team, p_stream, p_expected + b.k::integer, b.ev->>'type', b.ev->>'at', b.ev->'data', b.ev->'meta', p_origin
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS b(ev, k)
    WHERE b.k > known
    ORDER BY b.k;
  UPDATE stormbook.streams SET version = p_expected + n WHERE team = p_team AND stream = p_stream;
  RETURN jsonb_build_object('status', 'ok', 'version', p_expected + n, 'inserted', n - known);
END
$$;

-- p_batches: [{stream, expected, events: [{id, type, at, data, meta}]}], at most one per stream. Answers one
-- push answer per batch, in order. Every stream's lock is taken first (in one order, so two laptops never
-- deadlock), before the transaction has an id: later versions of a stream still get later transaction ids.
CREATE FUNCTION stormbook.push_many(p_team text, p_origin text, p_batches jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  answers jsonb := '[]'::jsonb;
  b       jsonb;
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'push must be the first write of its transaction' USING ERRCODE = 'SB003';
  END IF;
  PERFORM pg_advisory_xact_lock(key) FROM (
    SELECT DISTINCT hashtextextended(p_team || '/' || (x->>'stream'), 0) AS key FROM jsonb_array_elements(p_batches) x ORDER BY 1
  ) keys;
  FOR b IN SELECT value FROM jsonb_array_elements(p_batches) LOOP
    answers := answers || jsonb_build_array(stormbook.push_stream(p_team, b->>'stream', (b->>'expected')::integer, p_origin, b->'events'));
  END LOOP;
  IF jsonb_path_exists(answers, '$[*] ? (@.inserted > 0)') THEN PERFORM pg_notify('${EVENTS_CHANNEL}', p_team); END IF;
  RETURN answers;
END
$$;

REVOKE ALL ON FUNCTION stormbook.push_stream(text, text, integer, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION stormbook.push_many(text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stormbook.push_many(text, text, jsonb) TO ${REP_ROLE};
`

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'events and streams, append-only, push and pull, the rep role', sql: tables + appendOnly + push + pull + grants },
  { version: 2, name: 'push_many: many streams in one call and one transaction', sql: pushStream },
  // "Test connection" as a rep reads the schema version; the migrations table holds nothing else.
  { version: 3, name: 'reps may read the schema version', sql: `GRANT SELECT ON stormbook.migrations TO ${REP_ROLE};` },
  { version: 4, name: 'push_many set-based: every stream of a call checked and inserted at once', sql: migration4(EVENTS_CHANNEL) },
  { version: 5, name: 'team membership: push and pull only for a team\'s members, reps read only their teams', sql: migration5(REP_ROLE) },
  { version: 6, name: 'a channel per team: a push wakes only its team\'s members', sql: migration6(REP_ROLE, EVENTS_CHANNEL) },
]
