"""The allocation triggers name the rule they enforce (RAISE ... CONSTRAINT), so the services can tell a
refused car by the driver's diagnostics (`diag.constraint_name`) instead of reading the error text."""

from django.db import migrations

NAMED = """
CREATE OR REPLACE FUNCTION carshare_vehicle_within_allocation() RETURNS trigger AS $$
DECLARE
    allowed integer;
    based integer;
BEGIN
    IF NEW.status = 'retired' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status <> 'retired'
       AND OLD.home_lot_id = NEW.home_lot_id AND OLD.operator_id = NEW.operator_id THEN
        RETURN NEW;  -- the car keeps the space it already had
    END IF;
    -- Locking the allocation row queues parallel registrations for the same lot and operator.
    SELECT spaces INTO allowed FROM carshare_spaceallocation
     WHERE lot_id = NEW.home_lot_id AND operator_id = NEW.operator_id
       AND permit_start <= (now() AT TIME ZONE 'Asia/Seoul')::date
       AND permit_end >= (now() AT TIME ZONE 'Asia/Seoul')::date
       FOR UPDATE;
    IF allowed IS NULL THEN
        RAISE EXCEPTION 'carshare_vehicle_within_allocation: no space permit in force for this operator at this lot'
              USING ERRCODE = 'check_violation', CONSTRAINT = 'carshare_vehicle_within_allocation';
    END IF;
    SELECT count(*) INTO based FROM carshare_vehicle
     WHERE home_lot_id = NEW.home_lot_id AND operator_id = NEW.operator_id
       AND status <> 'retired' AND id <> NEW.id;
    IF based >= allowed THEN
        RAISE EXCEPTION 'carshare_vehicle_within_allocation: all % allocated spaces are taken', allowed
              USING ERRCODE = 'check_violation', CONSTRAINT = 'carshare_vehicle_within_allocation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;


CREATE OR REPLACE FUNCTION carshare_allocation_covers_vehicles() RETURNS trigger AS $$
DECLARE
    based integer;
    remaining integer;
BEGIN
    SELECT count(*) INTO based FROM carshare_vehicle
     WHERE home_lot_id = OLD.lot_id AND operator_id = OLD.operator_id AND status <> 'retired';
    IF TG_OP = 'DELETE' THEN
        remaining := 0;
    ELSIF NEW.lot_id = OLD.lot_id AND NEW.operator_id = OLD.operator_id THEN
        remaining := NEW.spaces;
    ELSE
        remaining := 0;
    END IF;
    IF based > remaining THEN
        RAISE EXCEPTION 'carshare_allocation_covers_vehicles: % cars are based on this allocation', based
              USING ERRCODE = 'check_violation', CONSTRAINT = 'carshare_allocation_covers_vehicles';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

UNNAMED = """
CREATE OR REPLACE FUNCTION carshare_vehicle_within_allocation() RETURNS trigger AS $$
DECLARE
    allowed integer;
    based integer;
BEGIN
    IF NEW.status = 'retired' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status <> 'retired'
       AND OLD.home_lot_id = NEW.home_lot_id AND OLD.operator_id = NEW.operator_id THEN
        RETURN NEW;  -- the car keeps the space it already had
    END IF;
    -- Locking the allocation row queues parallel registrations for the same lot and operator.
    SELECT spaces INTO allowed FROM carshare_spaceallocation
     WHERE lot_id = NEW.home_lot_id AND operator_id = NEW.operator_id
       AND permit_start <= (now() AT TIME ZONE 'Asia/Seoul')::date
       AND permit_end >= (now() AT TIME ZONE 'Asia/Seoul')::date
       FOR UPDATE;
    IF allowed IS NULL THEN
        RAISE EXCEPTION 'carshare_vehicle_within_allocation: no space permit in force for this operator at this lot'
              USING ERRCODE = 'check_violation';
    END IF;
    SELECT count(*) INTO based FROM carshare_vehicle
     WHERE home_lot_id = NEW.home_lot_id AND operator_id = NEW.operator_id
       AND status <> 'retired' AND id <> NEW.id;
    IF based >= allowed THEN
        RAISE EXCEPTION 'carshare_vehicle_within_allocation: all % allocated spaces are taken', allowed
              USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;


CREATE OR REPLACE FUNCTION carshare_allocation_covers_vehicles() RETURNS trigger AS $$
DECLARE
    based integer;
    remaining integer;
BEGIN
    SELECT count(*) INTO based FROM carshare_vehicle
     WHERE home_lot_id = OLD.lot_id AND operator_id = OLD.operator_id AND status <> 'retired';
    IF TG_OP = 'DELETE' THEN
        remaining := 0;
    ELSIF NEW.lot_id = OLD.lot_id AND NEW.operator_id = OLD.operator_id THEN
        remaining := NEW.spaces;
    ELSE
        remaining := 0;
    END IF;
    IF based > remaining THEN
        RAISE EXCEPTION 'carshare_allocation_covers_vehicles: % cars are based on this allocation', based
              USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("carshare", "0002_vehicles_within_allocation_trigger")]

    operations = [migrations.RunSQL(NAMED, UNNAMED)]
