"""One race harness for every programme: separate processes (not threads of one process), each with its
own database connection, released together at a barrier, round after round.

    with Racers(8, attempt) as racers:
        answers = racers.round([args_of_process_0, args_of_process_1, ...])

`attempt(*args)` runs in a worker process and returns a short answer ("won", "conflict", ...); an
exception becomes the answer "error: ..." so the test sees and counts it instead of hanging."""

import multiprocessing
from collections import Counter

from asgiref.local import Local
from django.db import connections

FORK = multiprocessing.get_context("fork")


class Racers:
    def __init__(self, count, attempt, timeout=120):
        self.count, self.attempt, self.timeout = count, attempt, timeout
        self.tally = Counter()

    def __enter__(self):
        # Children must open connections of their own, never share (or close) the parent's socket.
        connections.close_all()
        self.barrier = FORK.Barrier(self.count)
        self.inboxes = [FORK.Queue() for _ in range(self.count)]
        self.answers = FORK.Queue()
        self.processes = [FORK.Process(target=self._serve, args=(i,), daemon=True) for i in range(self.count)]
        for process in self.processes:
            process.start()
        return self

    def _serve(self, index):
        # Whatever connection objects the parent had (another thread's, or one left open by an earlier
        # test) are forgotten here, never used nor closed: closing one would end the parent's session.
        self._inherited = connections._connections
        connections._connections = Local(connections.thread_critical)
        inbox = self.inboxes[index]
        while (args := inbox.get()) is not None:
            self.barrier.wait()
            try:
                answer = self.attempt(*args)
            except Exception as error:  # noqa: BLE001 - reported as an answer; the test counts it
                answer = f"error: {error!r}"[:300]
            self.answers.put(answer)
        connections.close_all()

    def round(self, arguments):
        """Run one attempt per process, all released at once; return the sorted answers."""
        assert len(arguments) == self.count
        for inbox, args in zip(self.inboxes, arguments, strict=True):
            inbox.put(tuple(args))
        answers = sorted(self.answers.get(timeout=self.timeout) for _ in range(self.count))
        self.tally.update(answers)
        return answers

    def __exit__(self, *exc_info):
        for inbox in self.inboxes:
            inbox.put(None)
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()

    def summary(self, what):
        attempts = sum(self.tally.values())
        other = attempts - self.tally["won"] - self.tally["conflict"]
        return (
            f"{what}: {attempts} attempts by {self.count} processes, {self.tally['won']} won, "
            f"{self.tally['conflict']} got the conflict answer, {other} other"
        )
