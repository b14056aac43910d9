/**
 * Migration 5's SQL: team membership. `stormbook.team_members` says which login belongs to which team;
 * push, push_many and pull refuse (SQLSTATE SB004) a login that is not a member of the team, and a rep's
 * own SELECTs on events and streams see only its teams' rows (row-level security; the schema's owner and
 * superusers are not bound by it). The published push, push_many and pull are renamed `*_unchecked` (no
 * longer granted to reps) and wrapped, so their bodies are not copied. On upgrade every login that already
 * pushed to a team (`events.pushed_by`) is enrolled in it, so no one who was syncing is locked out; reps
 * who only pulled are added with `stormbook sync add-member`.
 * `rep` is the rep role's name (passed in: migrations.ts owns the constant and imports this file).
 */
export function migration5(rep: string): string {
  return `
CREATE TABLE stormbook.team_members (
  team  text NOT NULL CHECK (team <> ''),
  login name NOT NULL,
  PRIMARY KEY (team, login)
);
INSERT INTO stormbook.team_members (team, login) SELECT DISTINCT team, pushed_by FROM stormbook.events ON CONFLICT DO NOTHING;

-- Refuses the session's login unless it is a member of the team, or a member of the role owning the schema
-- (the admin who runs \`sync init\`; superusers are members of every role).
CREATE FUNCTION stormbook.check_member(p_team text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM stormbook.team_members m WHERE m.team = p_team AND m.login = session_user) THEN RETURN; END IF;
  IF EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = 'stormbook' AND pg_has_role(session_user, n.nspowner, 'MEMBER')) THEN RETURN; END IF;
  RAISE EXCEPTION 'login "%" is not a member of team "%"', session_user, p_team
    USING ERRCODE = 'SB004', HINT = 'The server''s admin adds it: stormbook sync add-member <url> --team TEAM --login LOGIN';
END
$$;

-- The teams of the session's login (row-level security on events and streams reads it once per query).
CREATE FUNCTION stormbook.my_teams() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT m.team FROM stormbook.team_members m WHERE m.login = session_user
$$;

ALTER FUNCTION stormbook.push(text, text, integer, text, jsonb) RENAME TO push_unchecked;
ALTER FUNCTION stormbook.push_many(text, text, jsonb) RENAME TO push_many_unchecked;
ALTER FUNCTION stormbook.pull(text, xid8, bigint, integer) RENAME TO pull_unchecked;

CREATE FUNCTION stormbook.push(p_team text, p_stream text, p_expected integer, p_origin text, p_events jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM stormbook.check_member(p_team);
  RETURN stormbook.push_unchecked(p_team, p_stream, p_expected, p_origin, p_events);
END
$$;

CREATE FUNCTION stormbook.push_many(p_team text, p_origin text, p_batches jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM stormbook.check_member(p_team);
  RETURN stormbook.push_many_unchecked(p_team, p_origin, p_batches);
END
$$;

CREATE FUNCTION stormbook.pull(p_team text, p_tx xid8, p_position bigint, p_limit integer)
RETURNS TABLE (tx_id xid8, server_position bigint, event_id uuid, stream text, version integer, type text, at text,
               data jsonb, meta jsonb, origin text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM stormbook.check_member(p_team);
  RETURN QUERY SELECT * FROM stormbook.pull_unchecked(p_team, p_tx, p_position, p_limit);
END
$$;

REVOKE ALL ON FUNCTION stormbook.push_unchecked(text, text, integer, text, jsonb), stormbook.push_many_unchecked(text, text, jsonb),
  stormbook.pull_unchecked(text, xid8, bigint, integer), stormbook.check_member(text) FROM PUBLIC, ${rep};
REVOKE ALL ON FUNCTION stormbook.push(text, text, integer, text, jsonb), stormbook.push_many(text, text, jsonb),
  stormbook.pull(text, xid8, bigint, integer), stormbook.my_teams() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stormbook.push(text, text, integer, text, jsonb), stormbook.push_many(text, text, jsonb),
  stormbook.pull(text, xid8, bigint, integer), stormbook.my_teams() TO ${rep};
REVOKE ALL ON stormbook.team_members FROM PUBLIC;

ALTER TABLE stormbook.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE stormbook.streams ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_of_my_teams ON stormbook.events FOR SELECT TO ${rep} USING (team IN (SELECT stormbook.my_teams()));
CREATE POLICY streams_of_my_teams ON stormbook.streams FOR SELECT TO ${rep} USING (team IN (SELECT stormbook.my_teams()));
`
}
