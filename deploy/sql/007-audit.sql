-- CityTwin schema, 007: the audit trail (docs/audit.md). Written for this project; re-runnable.
--
-- One chain of records, one per successful operator action. Each record carries the hash of the one before it and
-- its own SHA-256 (computed by the silo over the canonical encoding docs/audit.md describes), so a changed or
-- missing row shows when the chain is verified (`citytwin audit verify`). Appends take turns under a transaction-
-- scoped advisory lock: read the head, insert the next sequence number. The table is append-only: a trigger
-- refuses UPDATE, DELETE and TRUNCATE (a superuser can still disable it; the chain is what shows that).

CREATE TABLE IF NOT EXISTS audit_record
(
    seq              bigint       NOT NULL PRIMARY KEY,  -- 1, 2, 3, ... without gaps
    at               timestamptz  NOT NULL,              -- whole milliseconds, UTC
    actor            text         NOT NULL,              -- the authenticated subject
    role             text         NOT NULL,
    source           text         NOT NULL,              -- the gRPC peer, e.g. ipv4:10.1.2.3:50412
    action           text         NOT NULL,              -- Service/Method, e.g. InspectionService/SignHiddenDanger
    unit_code        text         NOT NULL,
    unit_path        text         NOT NULL,              -- codes from the city down to the unit, '/'-joined
    idempotency_key  text         NOT NULL,              -- '' when the call had none
    summary          text         NOT NULL,
    outcome          text         NOT NULL,
    previous_hash    text         NOT NULL,
    hash             text         NOT NULL
);

-- A retried call (same caller, action and key) never leaves a second record.
CREATE UNIQUE INDEX IF NOT EXISTS audit_record_once ON audit_record (actor, action, idempotency_key) WHERE idempotency_key <> '';
CREATE INDEX IF NOT EXISTS audit_record_path ON audit_record (unit_path text_pattern_ops, seq);
CREATE INDEX IF NOT EXISTS audit_record_unit ON audit_record (unit_code, seq);
CREATE INDEX IF NOT EXISTS audit_record_actor ON audit_record (actor, seq);
CREATE INDEX IF NOT EXISTS audit_record_at ON audit_record (at);

CREATE OR REPLACE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE OR REPLACE TRIGGER audit_record_no_change BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();
CREATE OR REPLACE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only();
