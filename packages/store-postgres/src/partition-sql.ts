// The SQL of time partitioning (partition.ts), apart so that schema.ts can list it without an import cycle.

/** Migration 1's events table, partitioned by month (replaces the plain table when a schema is created with `partitioning: 'monthly'`). */
export const PARTITIONED_EVENTS_SQL = `
  CREATE TABLE $schema.events (
    position       bigint  GENERATED ALWAYS AS IDENTITY,
    transaction_id xid8    NOT NULL DEFAULT pg_current_xact_id(),
    stream_id      text    NOT NULL,
    version        integer NOT NULL,
    type           text    NOT NULL,
    event_id       text    NOT NULL,
    data           jsonb   NOT NULL,
    metadata       jsonb   NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_pkey PRIMARY KEY (position, recorded_at)
  ) PARTITION BY RANGE (recorded_at);
  CREATE TABLE $schema.events_default PARTITION OF $schema.events DEFAULT;
  CREATE INDEX events_stream_lookup ON $schema.events (stream_id, version);
  CREATE INDEX events_event_id_lookup ON $schema.events (event_id);
  CREATE TABLE $schema.event_ids (event_id text NOT NULL, CONSTRAINT events_event_id PRIMARY KEY (event_id));
  CREATE TABLE $schema.stream_versions (stream_id text NOT NULL, version integer NOT NULL, CONSTRAINT events_stream_version PRIMARY KEY (stream_id, version));
  CREATE FUNCTION $schema.events_keep_unique() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    INSERT INTO $schema.event_ids (event_id) VALUES (NEW.event_id);
    INSERT INTO $schema.stream_versions (stream_id, version) VALUES (NEW.stream_id, NEW.version);
    RETURN NEW;
  END
  $fn$;
  CREATE TRIGGER events_keep_unique BEFORE INSERT ON $schema.events FOR EACH ROW EXECUTE FUNCTION $schema.events_keep_unique();
`;

/**
 * Migration 4: `create_monthly_partitions(from, to)` in the store's schema —
 * creates the missing month partitions (UTC months) of a partitioned events
 * table and returns their names; on a plain table it does nothing. Run it
 * ahead of time (e.g. monthly from cron): rows of a month without its
 * partition go to `events_default`, and a month cannot be created once the
 * default partition holds rows of it.
 */
export const PARTITION_FUNCTION_SQL = `
  CREATE FUNCTION $schema.create_monthly_partitions(p_from date, p_to date) RETURNS SETOF text LANGUAGE plpgsql AS $fn$
  DECLARE
    s text := '$schema'::regnamespace::text;
    m date := date_trunc('month', p_from)::date;
    part text;
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(s || '.events')) THEN RETURN; END IF;
    WHILE m <= p_to LOOP
      part := 'events_' || to_char(m, 'YYYY_MM');
      IF to_regclass(s || '.' || quote_ident(part)) IS NULL THEN
        EXECUTE format('CREATE TABLE %s.%I PARTITION OF %s.events FOR VALUES FROM (%L) TO (%L)', s, part, s,
          to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00', to_char((m + interval '1 month')::date, 'YYYY-MM-DD') || ' 00:00:00+00');
        RETURN NEXT part;
      END IF;
      m := (m + interval '1 month')::date;
    END LOOP;
  END
  $fn$;
`;
