-- CityTwin schema (PostgreSQL). Written for this project; re-runnable.
--
-- 004: facts about the cluster as a whole, set once by whichever silo gets there first, e.g.
-- 'sample-city-loaded': the sample city is loaded into an empty registry once per cluster, not once
-- per silo start (which would also undo operators' later edits to sample units).

CREATE TABLE IF NOT EXISTS citytwin_cluster_flag
(
    name   text        NOT NULL PRIMARY KEY,
    set_at timestamptz NOT NULL DEFAULT now(),
    set_by text        NOT NULL
);
