"""A file as received: checked by its extension *and* its first bytes (a renamed executable or
HTML page is refused), copied by SHA-256 beside the store, or held for a form that comes back to
its user. What it is attached to is the caller's (workflows.proposals.attachments, a bloc's
evidence, an award record, a revocation).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from models.attachment import ORIGINAL_NAME_MAX
from workflows.errors import N_, Text, ValidationFailed

CHUNK = 64 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls


def _starts(prefix: bytes) -> Callable[[bytes, Path], bool]:
    return lambda head, _path: head.startswith(prefix)


def _ooxml(folder: str) -> Callable[[bytes, Path], bool]:
    """A zip whose directory lists the OOXML manifest and the part folder of its kind."""

    def check(head: bytes, path: Path) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as archive:  # reads the directory only, inflates nothing
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return check


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str
    matches: Callable[[bytes, Path], bool]


TYPES: dict[str, FileType] = {
    "pdf": FileType("application/pdf", "PDF", _starts(b"%PDF-")),
    "doc": FileType("application/msword", "Word 97–2003", _starts(OLE2)),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
        _ooxml("word/"),
    ),
    "xls": FileType("application/vnd.ms-excel", "Excel 97–2003", _starts(OLE2)),
    "xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel",
        _ooxml("xl/"),
    ),
    "jpg": FileType("image/jpeg", "ảnh JPEG", _starts(b"\xff\xd8\xff")),
    "jpeg": FileType("image/jpeg", "ảnh JPEG", _starts(b"\xff\xd8\xff")),
    "png": FileType("image/png", "ảnh PNG", _starts(b"\x89PNG\r\n\x1a\n")),
}
ALLOWED = ", ".join(TYPES)


@dataclass(frozen=True)
class Upload:
    """One file as received: the name the client gave and a readable binary stream."""

    filename: str
    stream: BinaryIO


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    per_request: int = 10
    per_proposal: int = 50


@dataclass
class Staged:
    name: str
    file_type: FileType
    size: int
    sha256: str
    tmp: Path


def clean_name(raw: str | None) -> str:
    """The name to show: no directories, no control characters, at most 255 characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > ORIGINAL_NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        keep = ORIGINAL_NAME_MAX - len(ext) - 1
        name = stem[:keep] + dot + ext if dot and keep > 0 else name[:ORIGINAL_NAME_MAX]
    return name


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g} MB"


def stage(upload: Upload, directory: Path, max_bytes: int) -> Staged:
    """Copy one upload to a temporary file beside the store, checking it on the way."""
    name = clean_name(upload.filename)
    if not name:
        raise ValueError(N_("tệp không có tên"))
    file_type = TYPES.get(extension(name))
    if file_type is None:
        raise ValueError(N_("loại tệp không được phép (chỉ nhận %(allowed)s)", allowed=ALLOWED))
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(prefix=".upload-", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := upload.stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ValueError(N_("tệp lớn quá %(size)s", size=_megabytes(max_bytes)))
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise ValueError(N_("tệp rỗng"))
        with tmp.open("rb") as stored:
            head = stored.read(16)
        if not file_type.matches(head, tmp):
            ext = extension(name)
            wrong = N_(
                "nội dung không phải tệp %(type)s như đuôi .%(ext)s", type=file_type.label, ext=ext
            )
            raise ValueError(wrong)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Staged(name, file_type, size, digest.hexdigest(), tmp)


def refusal(upload: Upload, exc: ValueError) -> Text:
    """Why `stage` refused `upload`, naming the file as its sender named it."""
    shown = clean_name(upload.filename)[:80] or N_("(không tên)")
    return Text("%(file)s: %(problem)s", file=shown, problem=exc.args[0])


@dataclass(frozen=True)
class Pending:
    """A file checked and stored under its hash but attached to nothing yet: what a proposal form
    keeps when it comes back to the user (a row added, an error shown) so the file is not lost.
    The web signs it into the form (webapp.attachments.pending); it is attached on saving."""

    name: str
    sha256: str
    size: int
    content_type: str


def hold(uploads: Sequence[Upload], directory: Path, limits: Limits) -> list[Pending]:
    """Check and store files for a form that comes back to the user, attaching nothing; a file
    that would be refused on saving is refused now (ValidationFailed names it)."""
    if len(uploads) > limits.per_request:
        wrong = N_("tối đa %(max)s tệp mỗi lần", max=limits.per_request)
        raise ValidationFailed("too_many_attachments", {"attachments": wrong})
    directory.mkdir(parents=True, exist_ok=True)
    held: list[Pending] = []
    errors: dict[str, str] = {}
    for i, upload in enumerate(uploads):
        try:
            item = stage(upload, directory, limits.max_bytes)
        except ValueError as exc:
            errors[f"attachments[{i}]"] = refusal(upload, exc)
            continue
        target = directory / item.sha256
        if target.exists():
            item.tmp.unlink(missing_ok=True)
        else:
            os.replace(item.tmp, target)
        held.append(Pending(item.name, item.sha256, item.size, item.file_type.content_type))
    if errors:
        raise ValidationFailed("attachment_refused", errors)
    return held
