-- CityTwin schema for the Orleans ADO.NET providers (PostgreSQL). Written for this project; re-runnable.
--
-- 002: cluster membership (Microsoft.Orleans.Clustering.AdoNet). The provider keys everything by
-- @DeploymentId (the ClusterId). Silo status is an int (SiloStatus: 3 = Active, 6 = Dead).
-- Timestamps arrive as UTC DateTime, which Npgsql sends as timestamptz.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per cluster: the table version the provider uses as the optimistic-concurrency ETag
-- for every membership change (insert/update must present the current version and bump it).
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,  -- IP address as text
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    suspect_times   text        NULL,      -- "silo,time|silo,time", written and parsed by the provider
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Insert a silo row and bump the table version in one step: both happen or neither.
-- Returns false when the version is stale or the silo row already exists.
-- Both functions take the version row first, so concurrent writers queue on that one row lock.
-- (If a signature ever changes, DROP FUNCTION IF EXISTS the old one first: OR REPLACE would overload.)
CREATE OR REPLACE FUNCTION citytwin_membership_insert(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;  -- stale version (or unknown cluster): nothing changed
    END IF;

    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         suspect_times, start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
         NULL, p_start_time, p_i_am_alive_time);
    RETURN true;
EXCEPTION WHEN unique_violation THEN
    -- Catching the error rolls back everything this block did, including the version bump.
    RETURN false;
END
$fn$;

-- Update a silo row (status, liveness, suspicions) and bump the table version, atomically.
CREATE OR REPLACE FUNCTION citytwin_membership_update(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no membership row to update' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN true;
EXCEPTION WHEN no_data_found THEN
    RETURN false;  -- the version bump is rolled back with the block
END
$fn$;

-- InsertMembershipVersionKey: @DeploymentId. Returns true when this call created the version row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $sql$
WITH inserted AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted)
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- InsertMembershipKey: @DeploymentId, @IAmAliveTime, @SiloName, @HostName, @Address, @Port,
-- @Generation, @StartTime, @Status, @ProxyPort, @Version. Returns a single boolean.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $sql$
SELECT citytwin_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                  @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- UpdateMembershipKey: @DeploymentId, @Address, @Port, @Generation, @IAmAliveTime, @Status,
-- @SuspectTimes (NULL when none), @Version. Returns a single boolean.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $sql$
SELECT citytwin_membership_update(@DeploymentId, @Address, @Port, @Generation,
                                  @Status, @SuspectTimes, @IAmAliveTime, @Version)
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- UpdateIAmAlivetimeKey (sic, the provider's spelling): @DeploymentId, @Address, @Port, @Generation,
-- @IAmAliveTime. Heartbeats do not change the table version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $sql$
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- MembershipReadRowKey: @DeploymentId, @Address, @Port, @Generation.
-- MembershipReadAllKey: @DeploymentId.
-- Both must return at least one row carrying the table Version (the provider reads row 0 for it);
-- a row whose StartTime is NULL means "version only, no silo". Hence the LEFT JOIN.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $sql$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $sql$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- GatewaysQueryKey: @DeploymentId, @Status (Active). Used by clients to find gateways.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $sql$
SELECT m.address AS "Address", m.proxy_port AS "ProxyPort", m.generation AS "Generation"
FROM orleans_membership m
WHERE m.deployment_id = @DeploymentId AND m.status = @Status AND m.proxy_port > 0
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- DeleteMembershipTableEntriesKey: @DeploymentId. Removes the cluster (silo rows go by cascade).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- CleanupDefunctSiloEntriesKey: @DeploymentId, @IAmAliveTime (the cut-off). Deletes dead silos
-- that have been silent since before the cut-off. The provider requires this key to exist even
-- when it prefers the per-row query below.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime
  AND start_time < @IAmAliveTime
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- CleanupDefunctSiloEntryKey (optional for the provider; used when present): @DeploymentId,
-- @Address, @Port, @Generation, @SuspectTimes, @StartTime, @IAmAliveTime. The provider decides
-- eligibility from a read and deletes the row only if it is still exactly what it read
-- (dead, same start/heartbeat times, same suspicions), so a concurrent change wins.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '')
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
