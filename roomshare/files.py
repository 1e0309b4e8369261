"""Uploads of the programme: room photos (public) and enrolment proofs (private, never under MEDIA_URL)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# File signatures: the first bytes tell the real type whatever the file name says.
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
}


class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT with no URL: served only by a view that checks who asks."""

    def __init__(self):
        location = getattr(settings, "ROOMSHARE_PRIVATE_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "private"
        super().__init__(location=location, base_url=None)

    def _save(self, name, content):
        # Keep the folder out of version control even when it sits inside the checkout.
        root = Path(self.location)
        root.mkdir(parents=True, exist_ok=True)
        ignore = root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n")
        return super()._save(name, content)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


_storage = None


def private_storage():
    global _storage
    if _storage is None:
        _storage = PrivateStorage()
    return _storage


def proof_upload_to(instance, filename):
    suffix = Path(filename).suffix.lower()[:5]
    return f"roomshare/proofs/{uuid.uuid4().hex}{suffix}"


def _sniff(upload) -> str | None:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def _check_size(upload):
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too large: at most 5 MB."), code="too_large")


def validate_proof(upload):
    """Proof of enrolment: a PDF, JPEG or PNG of at most 5 MB."""
    if getattr(upload, "_committed", True) and not hasattr(upload, "content_type"):
        return  # already stored; checked when it was uploaded
    _check_size(upload)
    if _sniff(upload) not in ("pdf", "jpeg", "png"):
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."), code="bad_type")


def validate_photo(upload):
    """Room photos: JPEG or PNG of at most 5 MB."""
    if getattr(upload, "_committed", True) and not hasattr(upload, "content_type"):
        return
    _check_size(upload)
    if _sniff(upload) not in ("jpeg", "png"):
        raise ValidationError(_("Upload a JPEG or PNG photo."), code="bad_type")
