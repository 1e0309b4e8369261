"""Send safe reads to a read replica, everything else to the primary.

A read goes to the replica only when all of these hold:
- a replica is configured (`DATABASE_REPLICA_URL`);
- the request is a safe one (GET/HEAD/OPTIONS), marked by `ReplicaReadsMiddleware`;
- the browser did not write in the last few seconds (the middleware pins it to the primary, so
  people see their own booking at once even if the replica lags);
- no transaction is open on the primary (reads inside a booking's transaction must see its writes
  and take its row locks).
Management commands, migrations and background jobs never mark themselves, so they use the primary.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "sc_primary"
_reads_may_use_replica: ContextVar[bool] = ContextVar("reads_may_use_replica", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _reads_may_use_replica.get()
            and REPLICA in settings.DATABASES
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied: objects from either side may refer to each other

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in self.SAFE_METHODS and PIN_COOKIE not in request.COOKIES
        token = _reads_may_use_replica.set(safe)
        try:
            response = self.get_response(request)
        finally:
            _reads_may_use_replica.reset(token)
        if request.method not in self.SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
