-- Integrity rules that prisma/schema.prisma cannot express. Hand-written.
--
-- Prisma's migration diff does not model exclusion constraints, CHECK constraints, triggers
-- or functions, and it leaves them alone: `npm run db:migration` reports "no changes" with
-- these in place. Change them only through new hand-written migrations.
--
-- Errors for the app to map to user-facing messages:
--   23P01 exclusion_violation, constraint "Consultation_clinician_no_overlap"  -> double booking
--   23514 check_violation on the constraints below                             -> invalid input
--   BD001, message "session_completed: ..."  -> a completed session was changed
--   BD002, message "audit_append_only: ..."  -> an audit event was changed or deleted

-- ─── No double booking ──────────────────────────────────────────────────────────────
-- Prisma DateTime is timestamp(3) without time zone (UTC by convention), hence tsrange.
-- Ranges are half-open [start, end), so back-to-back consultations do not overlap.
-- Cancelled and no-show consultations free their slot.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "Consultation"
  ADD CONSTRAINT "Consultation_scheduled_order_check" CHECK ("scheduledEnd" > "scheduledStart");

ALTER TABLE "Consultation"
  ADD CONSTRAINT "Consultation_clinician_no_overlap"
  EXCLUDE USING gist ("clinicianId" WITH =, tsrange("scheduledStart", "scheduledEnd") WITH &&)
  WHERE ("status" NOT IN ('CANCELLED', 'NO_SHOW'));

-- ─── A completed telemedicine session is the clinical record: immutable ─────────────
-- The update that completes a session is allowed; any later UPDATE or DELETE is not.
CREATE FUNCTION "bedside_session_completed_guard"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    IF EXISTS (SELECT 1 FROM "TelemedicineSession" WHERE "status" = 'COMPLETED') THEN
      RAISE EXCEPTION 'session_completed: completed telemedicine sessions cannot be deleted'
        USING ERRCODE = 'BD001';
    END IF;
    RETURN NULL;
  END IF;
  IF OLD."status" = 'COMPLETED' THEN
    RAISE EXCEPTION 'session_completed: telemedicine session % is completed and cannot be %',
      OLD."id", CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END
      USING ERRCODE = 'BD001';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "TelemedicineSession_completed_immutable"
  BEFORE UPDATE OR DELETE ON "TelemedicineSession"
  FOR EACH ROW EXECUTE FUNCTION "bedside_session_completed_guard"();

CREATE TRIGGER "TelemedicineSession_completed_no_truncate"
  BEFORE TRUNCATE ON "TelemedicineSession"
  FOR EACH STATEMENT EXECUTE FUNCTION "bedside_session_completed_guard"();

-- ─── The audit trail is append-only ─────────────────────────────────────────────────
-- Rows are inserted unsealed ("prevHash" and "hash" NULL) and sealed afterwards in id order.
-- The only change allowed is sealing: "prevHash"/"hash" going from NULL to a value, every
-- other column unchanged. A sealed row ("hash" set) can no longer change at all.
CREATE FUNCTION "bedside_audit_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'audit_append_only: audit events cannot be deleted'
      USING ERRCODE = 'BD002';
  END IF;
  IF (to_jsonb(NEW) - 'prevHash' - 'hash') IS DISTINCT FROM (to_jsonb(OLD) - 'prevHash' - 'hash')
     OR (NEW."prevHash" IS DISTINCT FROM OLD."prevHash" AND (OLD."prevHash" IS NOT NULL OR NEW."prevHash" IS NULL))
     OR (NEW."hash" IS DISTINCT FROM OLD."hash" AND (OLD."hash" IS NOT NULL OR NEW."hash" IS NULL))
     OR (OLD."hash" IS NOT NULL AND NEW."prevHash" IS DISTINCT FROM OLD."prevHash") THEN
    RAISE EXCEPTION 'audit_append_only: audit event % can only be sealed (prevHash/hash set once), not changed', OLD."id"
      USING ERRCODE = 'BD002';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "bedside_audit_append_only"();

CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "bedside_audit_append_only"();

-- ─── Money ──────────────────────────────────────────────────────────────────────────
ALTER TABLE "Charge"
  ADD CONSTRAINT "Charge_amountMinor_check" CHECK ("amountMinor" >= 0),
  ADD CONSTRAINT "Charge_quantity_check" CHECK ("quantity" > 0);

ALTER TABLE "Payment"
  ADD CONSTRAINT "Payment_amountMinor_check" CHECK ("amountMinor" > 0);

ALTER TABLE "ServiceCatalogItem"
  ADD CONSTRAINT "ServiceCatalogItem_priceMinor_check" CHECK ("priceMinor" >= 0);
