"""PostgreSQL keeps the allocation promise: a lot never holds more of an operator's cars than the spaces
the city allocated to that operator there (under a permit in force, in Seoul's calendar), and an
allocation never shrinks below, or disappears under, the cars based on it. The services check first and
give the clear message; these triggers make sure no other path (admin, shell, a race) gets past."""

from django.db import migrations

FORWARD = """
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

CREATE TRIGGER carshare_vehicle_within_allocation
BEFORE INSERT OR UPDATE OF home_lot_id, operator_id, status ON carshare_vehicle
FOR EACH ROW EXECUTE FUNCTION carshare_vehicle_within_allocation();

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

CREATE TRIGGER carshare_allocation_covers_vehicles
BEFORE UPDATE OR DELETE ON carshare_spaceallocation
FOR EACH ROW EXECUTE FUNCTION carshare_allocation_covers_vehicles();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS carshare_allocation_covers_vehicles ON carshare_spaceallocation;
DROP FUNCTION IF EXISTS carshare_allocation_covers_vehicles();
DROP TRIGGER IF EXISTS carshare_vehicle_within_allocation ON carshare_vehicle;
DROP FUNCTION IF EXISTS carshare_vehicle_within_allocation();
"""


class Migration(migrations.Migration):
    dependencies = [("carshare", "0001_parking_lots_vehicles_members_bookings")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
