"""Converting a .docx to PDF with LibreOffice, when it is installed (never required)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: program names tried in order on PATH; TDKT_SOFFICE names one explicitly
PROGRAMS = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 120


class ConversionFailed(Exception):
    pass


def converter() -> str | None:
    explicit = os.environ.get("TDKT_SOFFICE")
    if explicit:
        return shutil.which(explicit)
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(docx: bytes, program: str | None = None) -> bytes:
    program = program or converter()
    if program is None:
        raise ConversionFailed("Máy chủ chưa cài LibreOffice để chuyển sang PDF")
    with tempfile.TemporaryDirectory(prefix="tdkt-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        # A profile of its own: a second conversion running at the same time must not
        # find the first one's lock and silently do nothing.
        profile = Path(tmp, "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ConversionFailed(f"LibreOffice không chuyển được sang PDF: {exc}") from exc
        result = Path(tmp) / "document.pdf"
        if not result.exists():
            raise ConversionFailed("LibreOffice không tạo ra tệp PDF")
        return result.read_bytes()
