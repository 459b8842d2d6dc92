"""What a tip's files may be, told from their first bytes (never from their name or the browser's word), and the
upload handler that stops storing a file past its size limit while the rest of the form still arrives."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from PIL import Image, UnidentifiedImageError

# Photos, scans and short videos, as witnesses send them; nothing a browser would run (HTML, SVG, scripts) and no
# archives, which could hold anything. Each: (type, what its first bytes are).
SIGNATURES = (
    ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/gif", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ("image/webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    ("video/mp4", lambda head: head[4:8] == b"ftyp" and head[8:12] in (b"isom", b"iso2", b"mp41", b"mp42", b"avc1")),
    ("video/quicktime", lambda head: head[4:8] == b"ftyp" and head[8:12] == b"qt  "),
)

EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
}


def max_file_bytes():
    return settings.MASTHEAD_TIPS_MAX_FILE_MB * 1024 * 1024


def max_files():
    return settings.MASTHEAD_TIPS_MAX_FILES


def sniffed_type(upload):
    """The file's type by its content, or None when it is not one the newsroom takes. Pictures must also open as
    pictures: a file that merely starts like one is refused."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((kind for kind, matches in SIGNATURES if matches(head)), None)
    if kind and kind.startswith("image/"):
        try:
            with Image.open(upload) as picture:
                picture.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            kind = None
        finally:
            upload.seek(0)
    return kind


class SizeLimitedUploads(FileUploadHandler):
    """Skips any file past MASTHEAD_TIPS_MAX_FILE_MB as it streams in, noting its name on the request, so the form
    can say which file was too large instead of the server storing a gigabyte first."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_file_bytes():
            self.request.tip_files_too_large.append(self.file_name)
            raise SkipFile()
        return raw_data  # the next handler (memory or a temporary file) keeps it

    def file_complete(self, file_size):
        return None  # the next handler makes the file


def limit_uploads(request):
    """Put the size limit in front of Django's own handlers; only before the body is read."""
    request.tip_files_too_large = []
    request.upload_handlers.insert(0, SizeLimitedUploads(request))
