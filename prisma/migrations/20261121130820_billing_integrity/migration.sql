-- Bills are records: a charge is never deleted or edited, only voided (once, with a reason);
-- a payment is never changed. Hand-written (Prisma's schema cannot express triggers).
--   BD003, message "charge_immutable: ..."   -> a charge was deleted or edited
--   BD004, message "payment_immutable: ..."  -> a payment was deleted or edited

CREATE FUNCTION "bedside_charge_immutable"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'charge_immutable: charges cannot be deleted; void them instead'
      USING ERRCODE = 'BD003';
  END IF;
  IF OLD."voidedAt" IS NOT NULL
     OR NEW."voidedAt" IS NULL
     OR (to_jsonb(NEW) - 'voidedAt' - 'voidedById' - 'voidReason')
        IS DISTINCT FROM (to_jsonb(OLD) - 'voidedAt' - 'voidedById' - 'voidReason') THEN
    RAISE EXCEPTION 'charge_immutable: charge % can only be voided once, not edited', OLD."id"
      USING ERRCODE = 'BD003';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Charge_immutable"
  BEFORE UPDATE OR DELETE ON "Charge"
  FOR EACH ROW EXECUTE FUNCTION "bedside_charge_immutable"();

CREATE TRIGGER "Charge_no_truncate"
  BEFORE TRUNCATE ON "Charge"
  FOR EACH STATEMENT EXECUTE FUNCTION "bedside_charge_immutable"();

CREATE FUNCTION "bedside_payment_immutable"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payment_immutable: payments cannot be changed or deleted; record a correcting entry instead'
    USING ERRCODE = 'BD004';
END;
$$;

CREATE TRIGGER "Payment_immutable"
  BEFORE UPDATE OR DELETE ON "Payment"
  FOR EACH ROW EXECUTE FUNCTION "bedside_payment_immutable"();

CREATE TRIGGER "Payment_no_truncate"
  BEFORE TRUNCATE ON "Payment"
  FOR EACH STATEMENT EXECUTE FUNCTION "bedside_payment_immutable"();
