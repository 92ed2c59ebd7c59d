-- CityTwin schema for the Orleans ADO.NET providers (PostgreSQL). Written for this project; re-runnable.
--
-- 003: reminders (Microsoft.Orleans.Reminders.AdoNet). Rows are keyed by @ServiceId, the grain id
-- as text and the reminder name. @GrainHash/@BeginHash/@EndHash are the grain's uint ring hash
-- cast to a signed int by the provider, so range queries compare signed integers.
-- @Period is milliseconds, sent as int (or bigint when it exceeds int range); read back as bigint.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,  -- the ETag; the provider parses it as an int
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo's reminder service reads the slice of the hash ring it owns.
CREATE INDEX IF NOT EXISTS orleans_reminder_ring ON orleans_reminder (service_id, grain_hash);

-- ReadReminderRowsKey: @ServiceId, @GrainId. All reminders of one grain.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $sql$
SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
       r.period_ms AS "Period", r.version AS "Version"
FROM orleans_reminder r
WHERE r.service_id = @ServiceId AND r.grain_id = @GrainId
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- ReadReminderRowKey: @ServiceId, @GrainId, @ReminderName. Zero or one row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $sql$
SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
       r.period_ms AS "Period", r.version AS "Version"
FROM orleans_reminder r
WHERE r.service_id = @ServiceId AND r.grain_id = @GrainId AND r.reminder_name = @ReminderName
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- ReadRangeRows1Key: @ServiceId, @BeginHash, @EndHash when begin < end (signed): the range (begin, end].
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $sql$
SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
       r.period_ms AS "Period", r.version AS "Version"
FROM orleans_reminder r
WHERE r.service_id = @ServiceId AND r.grain_hash > @BeginHash AND r.grain_hash <= @EndHash
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- ReadRangeRows2Key: same parameters when the range wraps around (begin >= end, signed):
-- everything above begin plus everything up to end. begin = end means the whole ring.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $sql$
SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
       r.period_ms AS "Period", r.version AS "Version"
FROM orleans_reminder r
WHERE r.service_id = @ServiceId AND (r.grain_hash > @BeginHash OR r.grain_hash <= @EndHash)
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- UpsertReminderRowKey: @ServiceId, @GrainHash, @GrainId, @ReminderName, @StartTime, @Period.
-- Register-or-update is last-writer-wins (no ETag check); returns the new Version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $sql$
INSERT INTO orleans_reminder AS r (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = EXCLUDED.start_time,
    period_ms  = EXCLUDED.period_ms,
    grain_hash = EXCLUDED.grain_hash,
    version    = r.version + 1
RETURNING r.version AS "Version"
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- DeleteReminderRowKey: @ServiceId, @GrainId, @ReminderName, @Version (the ETag).
-- Returns a single boolean: true only when the row with that version was removed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $sql$
WITH deleted AS (
    DELETE FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted)
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- DeleteReminderRowsKey: @ServiceId. Removes every reminder of the service.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $sql$
DELETE FROM orleans_reminder WHERE service_id = @ServiceId
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
