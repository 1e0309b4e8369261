"""Emails to people, through the task queue: written now, in the recipient's language, and enqueued in the
transaction of the change that causes them; a worker delivers them, retrying while the relay is down."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from sharingcity.links import absolute_url
from sharingcity.queue import task


def language_of(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


@task(takes_context=True)
def deliver_email(context, *, to, subject, body, attachments=()):
    """Send one email. Every attempt carries the same Message-ID, so a mail system that sees a message
    twice (a worker that died between sending and recording it) can tell it is the same one."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, to, headers={"Message-ID": f"<{context.task_result.id}@{domain}>"}
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def queue_email(user, subject, template, context=None, *, link=None, attachments=()):
    """Write `template` for `user` in their language and enqueue it.

    `subject` is a (lazy) string, or a function called in the recipient's language; `link` is a path on
    the portal (put in the context as an absolute `link`); `attachments` are (filename, make_content,
    mimetype) where `make_content()` is called in the recipient's language."""
    if user is None or not user.email:
        return None
    with translation.override(language_of(user)):
        body = render_to_string(
            template,
            {
                **(context or {}),
                "recipient": user,
                "link": absolute_url(link) if link else "",
                "site": settings.SITE_NAME,
            },
        )
        files = [(filename, make(), mimetype) for filename, make, mimetype in attachments]
        subject = " ".join(str(subject() if callable(subject) else subject).split())
    return deliver_email.enqueue(to=[user.email], subject=subject, body=body, attachments=files)
