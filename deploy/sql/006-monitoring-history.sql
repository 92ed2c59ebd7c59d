-- CityTwin schema, 006: monitoring history. Written for this project; re-runnable.
--
-- Every sensor's readings, compressed by a per-sensor deadband (docs/history.md): a reading is stored when it
-- leaves the deadband around the last stored value or when the maximum interval has passed. Partitioned by UTC
-- day; the silos create each day's partition before they first write into it and drop partitions older than the
-- retention (default 30 days). Written behind with COPY.

CREATE TABLE IF NOT EXISTS sensor_reading
(
    world   text             NOT NULL,
    sensor  text             NOT NULL,
    at      timestamptz      NOT NULL,
    value   double precision NOT NULL
) PARTITION BY RANGE (at);

CREATE INDEX IF NOT EXISTS sensor_reading_sensor_at ON sensor_reading (world, sensor, at);
