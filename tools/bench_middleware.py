"""For the benchmarked server only: how many SQL queries a request made and how long they took,
in `X-Query-Count` and `X-Query-Time` (milliseconds), so `make bench` can show both per endpoint."""

import time
from contextlib import ExitStack

from django.db import connections


class QueryStatsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count, seconds = 0, 0.0

        def measure(execute, sql, params, many, context):
            nonlocal count, seconds
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                count += 1
                seconds += time.perf_counter() - started

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(measure))
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        response["X-Query-Time"] = f"{seconds * 1000:.2f}"
        return response
