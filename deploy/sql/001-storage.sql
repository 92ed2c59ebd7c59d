-- CityTwin schema for the Orleans ADO.NET providers (PostgreSQL). Written for this project; re-runnable.
--
-- 001: the query catalogue and grain storage (Microsoft.Orleans.Persistence.AdoNet).
-- Requires PostgreSQL 15 or later (UNIQUE ... NULLS NOT DISTINCT).
--
-- The providers hold no SQL of their own: at start-up they run
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- and execute the text stored under each key with named parameters (@Name) bound by Npgsql.
-- Results are read by column name; Npgsql matches names case-insensitively, but the aliases
-- below are quoted in the exact spelling the providers ask for anyway.
--
-- Types Npgsql sends for the providers' parameters: string -> text, int -> integer,
-- long -> bigint, byte[] -> bytea, DateTime (UTC) -> timestamptz, null -> typed null.
--
-- Every file creates OrleansQuery itself so that each file can be applied on its own.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per grain state record. The provider identifies a record by
-- (service, grain type/state name, grain id as two bigints + optional string extension)
-- and sends two int hashes to make the lookup cheap.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id       text        NOT NULL,
    grain_type       text        NOT NULL,  -- the provider's GrainTypeString (the state name)
    grain_type_hash  integer     NOT NULL,
    grain_id_hash    integer     NOT NULL,
    grain_id_n0      bigint      NOT NULL,
    grain_id_n1      bigint      NOT NULL,
    grain_id_ext     text        NULL,      -- string key or key extension; NULL when absent
    payload          bytea       NULL,      -- NULL after a clear (the row and its version stay)
    version          integer     NOT NULL,  -- the ETag; the provider parses it as an int
    modified_on      timestamptz NOT NULL DEFAULT now()
);

-- At most one row per record. NULLS NOT DISTINCT makes a NULL extension a real key value,
-- so two concurrent first writes cannot both insert: the loser gets no row back and the
-- provider raises InconsistentStateException.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_record
    ON orleans_grain_state (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type, grain_id_ext)
    NULLS NOT DISTINCT;

-- ReadFromStorageKey: @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
-- @GrainIdExtensionString, @ServiceId. Returns PayloadBinary and Version; no row = never written.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $sql$
SELECT s.payload AS "PayloadBinary", s.version AS "Version"
FROM orleans_grain_state s
WHERE s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- WriteToStorageKey: the read parameters plus @GrainStateVersion (int, NULL for a first write)
-- and @PayloadBinary. Returns NewGrainStateVersion. No row back means the ETag did not match
-- (or a first write found an existing row): the provider turns that into a version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleans_grain_state s
    SET payload = @PayloadBinary, version = s.version + 1, modified_on = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND s.grain_id_hash = @GrainIdHash
      AND s.grain_type_hash = @GrainTypeHash
      AND s.service_id = @ServiceId
      AND s.grain_id_n0 = @GrainIdN0
      AND s.grain_id_n1 = @GrainIdN1
      AND s.grain_type = @GrainTypeString
      AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
      AND s.version = @GrainStateVersion
    RETURNING s.version
), inserted AS (
    INSERT INTO orleans_grain_state
        (service_id, grain_type, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- ClearStorageKey: the read parameters plus @GrainStateVersion. Keeps the row (payload NULL)
-- and bumps the version, so the grain keeps a valid ETag. Returns the new version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $sql$
UPDATE orleans_grain_state s
SET payload = NULL, version = s.version + 1, modified_on = now()
WHERE @GrainStateVersion IS NOT NULL
  AND s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.version = @GrainStateVersion
RETURNING s.version AS "NewGrainStateVersion"
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- DeleteStorageKey (used when DeleteStateOnClear = true): same parameters as ClearStorageKey.
-- Removes the row; returns a value different from the old ETag so the provider sees success.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $sql$
DELETE FROM orleans_grain_state s
WHERE @GrainStateVersion IS NOT NULL
  AND s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.version = @GrainStateVersion
RETURNING s.version + 1 AS "NewGrainStateVersion"
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
