"""Run the task queue's worker: emails, reminders and other side effects (sharingcity/queue.py).

python manage.py worker            # until stopped (SIGTERM/SIGINT finish the current task first)
python manage.py worker --batch    # run what is due now, then exit
"""

import signal

from django.core.management.base import BaseCommand

from sharingcity.queue import Worker, run_pending_tasks


class Command(BaseCommand):
    help = "Run the task queue worker (emails, reminders, periodic tasks)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run the tasks that are due, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds to wait when nothing is due.")

    def handle(self, *args, batch=False, interval=1.0, **options):
        if batch:
            Worker().enqueue_periodic()
            self.stdout.write(f"{run_pending_tasks()} tasks run")
            return
        worker = Worker(interval=interval)

        def stop(signum, frame):
            worker.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Task worker {worker.worker_id[:8]} started")
        worker.forever()
