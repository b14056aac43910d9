/**
 * Migration 6's SQL: each team's wake-ups on a channel of its own. Until now every push NOTIFYd one shared
 * channel with the team's name as payload, so any login could LISTEN and learn which teams received
 * events. PostgreSQL lets anyone LISTEN on any channel, so the only privacy it allows is a name no
 * outsider knows: each team's channel is `stormbook_` + 32 hex digits of a hash of a random server secret
 * (`stormbook.channel_secret`, which reps cannot read), the team's moves and the team (42 bytes, under the
 * 63-byte identifier limit); a member asks `stormbook.listen_channel(team)` for its team's (a non-member is
 * refused, SB004). Pushes NOTIFY that channel with an empty payload. The name is computed, never stored by
 * a push, so concurrent pushes never wait on each other for it. Removing a member moves the team to a new channel: the old one hears
 * `moved` once, members ask again, the removed login is refused.
 * The published push_unchecked (migration 1) and push_many_unchecked (migration 4) are rewritten in place
 * from their own definitions (pg_get_functiondef), changing only their NOTIFY, so their bodies are not
 * copied; the migration fails if a body does not hold the NOTIFY it replaces.
 * `rep` is the rep role's name and `oldChannel` the shared channel (migrations.ts owns both constants).
 */
export function migration6(rep: string, oldChannel: string): string {
  return `
-- A random secret, readable only by the schema's owner: without it no channel name can be worked out.
CREATE TABLE stormbook.channel_secret (secret text NOT NULL);
INSERT INTO stormbook.channel_secret (secret) VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
-- How many times each team moved to a new channel (a member removed); a team never moved has no row.
CREATE TABLE stormbook.team_channel_moves (
  team  text    NOT NULL PRIMARY KEY CHECK (team <> ''),
  moves integer NOT NULL CHECK (moves > 0)
);
REVOKE ALL ON stormbook.channel_secret, stormbook.team_channel_moves FROM PUBLIC, ${rep};

-- The team's channel: a hash of the secret, the team's moves and the team. Read-only, so a push never waits
-- on another to make it. Runs as the caller: only the SECURITY DEFINER functions and the owner call it.
CREATE FUNCTION stormbook.team_channel(p_team text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT 'stormbook_' || left(encode(sha256(convert_to(s.secret || '/' || coalesce(m.moves, 0) || '/' || p_team, 'UTF8')), 'hex'), 32)
  FROM stormbook.channel_secret s LEFT JOIN stormbook.team_channel_moves m ON m.team = p_team
$$;

-- The channel a member LISTENs on for its team's new events; refuses a non-member (SB004).
CREATE FUNCTION stormbook.listen_channel(p_team text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM stormbook.check_member(p_team);
  RETURN stormbook.team_channel(p_team);
END
$$;

-- A member removed: the team moves to a new channel, and its old channel hears 'moved' so members' laptops
-- ask for the new one; the removed login is refused when it asks.
CREATE FUNCTION stormbook.move_team_channel() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_notify(stormbook.team_channel(OLD.team), 'moved');
  INSERT INTO stormbook.team_channel_moves AS m (team, moves) VALUES (OLD.team, 1)
    ON CONFLICT (team) DO UPDATE SET moves = m.moves + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER team_members_move_channel AFTER DELETE ON stormbook.team_members
  FOR EACH ROW EXECUTE FUNCTION stormbook.move_team_channel();

DO $rewrite$
DECLARE
  fn  text;
  def text;
BEGIN
  FOREACH fn IN ARRAY ARRAY['stormbook.push_unchecked(text, text, integer, text, jsonb)', 'stormbook.push_many_unchecked(text, text, jsonb)'] LOOP
    def := pg_get_functiondef(fn::regprocedure);
    IF position($old$pg_notify('${oldChannel}', p_team)$old$ IN def) = 0 THEN
      RAISE EXCEPTION 'migration 6: % does not notify % as expected', fn, '${oldChannel}';
    END IF;
    EXECUTE replace(def, $old$pg_notify('${oldChannel}', p_team)$old$, $new$pg_notify(stormbook.team_channel(p_team), '')$new$);
  END LOOP;
END
$rewrite$;

REVOKE ALL ON FUNCTION stormbook.team_channel(text), stormbook.move_team_channel() FROM PUBLIC, ${rep};
REVOKE ALL ON FUNCTION stormbook.listen_channel(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stormbook.listen_channel(text) TO ${rep};
`
}
