"""Daily job: email tomorrow's reminders and mark finished reservations completed. Run it from cron,
e.g. every evening: `python manage.py facility_reminders`. Safe to run more than once a day."""

from django.core.management.base import BaseCommand

from facilities.services import complete_finished, send_reminders


class Command(BaseCommand):
    help = "Send reminders for tomorrow's facility reservations and mark finished ones completed."

    def handle(self, *args, **options):
        reminded = send_reminders()
        completed = complete_finished()
        self.stdout.write(f"{reminded} reminders sent, {completed} reservations marked completed")
