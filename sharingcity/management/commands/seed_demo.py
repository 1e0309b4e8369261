"""Load the deterministic demo data of every programme; safe to run again (idempotent)."""

import random
import time
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from sharingcity.programmes import PROGRAMME_APPS
from sharingcity.seed import SEOUL_SCALE

# `--scale seoul` reaches the volumes of Seoul's programme; each app reads the number as a multiplier.


def parse_scale(value: str) -> int:
    if value == "seoul":
        return SEOUL_SCALE
    try:
        scale = int(value)
    except ValueError as exc:
        raise CommandError("--scale takes a whole number of at least 1, or 'seoul'.") from exc
    if scale < 1:
        raise CommandError("--scale takes a whole number of at least 1, or 'seoul'.")
    return scale


class Command(BaseCommand):
    help = "Load demo data for all programmes (Korean and English names). Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="1", help="Multiply volumes (a number, or 'seoul').")

    def handle(self, *args, **options):
        scale = parse_scale(options["scale"])
        for index, app in enumerate(["sharingcity", *PROGRAMME_APPS]):
            module = import_module(f"{app}.seed")
            started = time.monotonic()
            with transaction.atomic():
                summary = module.seed(scale=scale, rng=random.Random(2012 + index))
            took = time.monotonic() - started
            self.stdout.write(f"{app}: {summary or 'done'} ({took:.1f} s)")
        # Fresh planner statistics for what was just loaded: a table last analysed while it was empty is
        # planned as if it held one row, and a join over thousands of rows planned that way takes minutes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
