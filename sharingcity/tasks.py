"""The platform's own periodic work: keeping the queue's table small."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sharingcity.queue import periodic, task


@periodic(every=timedelta(days=1))
@task
def prune_finished_tasks() -> int:
    """Tasks that succeeded long ago are removed; failed ones stay until staff deal with them."""
    cutoff = timezone.now() - settings.TASK_KEEP_FINISHED
    deleted, _ = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=cutoff).delete()
    return deleted
