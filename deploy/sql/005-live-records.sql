-- CityTwin schema, 005: the live twin's records. Written for this project; re-runnable.
--
-- Alarm records (raised, acknowledged by whom, cleared), per-day alarm counters (how many alarms were raised and
-- how many flaps the deadband, the clear delay and the downgrade hold prevented), and each unit's level changes.
-- Silos write them behind in batches, except acknowledgements, which are stored before the call returns.
-- Every write is a merge that only moves forward, so a late or repeated batch changes nothing.

CREATE TABLE IF NOT EXISTS alarm_record
(
    world            text             NOT NULL,
    id               text             NOT NULL,  -- source/sensor/raised-at (ms): one per raise
    source_code      text             NOT NULL,
    sensor_code      text             NOT NULL,
    path             text             NOT NULL,  -- the hazard source's path, for scopes
    worst            smallint         NOT NULL,  -- AlarmState: the worst state of this alarm
    current_state    smallint         NOT NULL,  -- AlarmState as of updated_at
    raised_at        timestamptz      NOT NULL,
    raised_value     double precision NOT NULL,
    cleared_at       timestamptz,
    acked_by         text,
    acked_at         timestamptz,
    ack_note         text,
    updated_at       timestamptz      NOT NULL,
    PRIMARY KEY (world, id)
);

-- Active alarms of a scope: not yet both cleared and acknowledged.
CREATE INDEX IF NOT EXISTS alarm_record_active ON alarm_record (world, path text_pattern_ops)
    WHERE cleared_at IS NULL OR acked_at IS NULL;
CREATE INDEX IF NOT EXISTS alarm_record_source ON alarm_record (world, source_code, raised_at);

CREATE TABLE IF NOT EXISTS alarm_day
(
    world             text     NOT NULL,
    source_code       text     NOT NULL,
    day               date     NOT NULL,  -- the city's local day
    path              text     NOT NULL,
    raised            integer  NOT NULL DEFAULT 0,
    kept_by_deadband  integer  NOT NULL DEFAULT 0,
    kept_by_delay     integer  NOT NULL DEFAULT 0,
    kept_by_hold      integer  NOT NULL DEFAULT 0,
    PRIMARY KEY (world, source_code, day)
);
CREATE INDEX IF NOT EXISTS alarm_day_path ON alarm_day (world, day, path text_pattern_ops);

CREATE TABLE IF NOT EXISTS level_change
(
    world        text             NOT NULL,
    code         text             NOT NULL,
    changed_at   timestamptz      NOT NULL,
    version      bigint           NOT NULL,
    level        smallint         NOT NULL,  -- RiskLevel
    previous     smallint,                   -- null: the first level this writer saw
    score        double precision NOT NULL,
    reasons_en   text             NOT NULL,  -- the explanation, one reason per line
    reasons_zh   text             NOT NULL,
    PRIMARY KEY (world, code, version)
);
CREATE INDEX IF NOT EXISTS level_change_time ON level_change (world, code, changed_at);

-- Severity of an AlarmState (Normal 0, High 1, HighHigh 2, Low 3, LowLow 4, Fault 5, Offline 6): second-level
-- alarms over first-level ones over everything else, for merging a record's worst state.
CREATE OR REPLACE FUNCTION citytwin_alarm_severity(state smallint) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN state IN (2, 4) THEN 2 WHEN state IN (1, 3) THEN 1 ELSE 0 END $$;
