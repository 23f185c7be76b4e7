"""What a client that files over HTTP needs to submit: one small PDF per required item of the
proposal's dossier checklist (GET /api/v1/proposals/{id} → checklist), uploaded as multipart
with the item's code in the form field `kind`. Used by bench/ and scripts/concurrency.py."""

from __future__ import annotations

import uuid

#: the smallest file the server accepts as a PDF (its first bytes are checked)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def missing(detail: dict) -> list[str]:
    """The codes of the required items no attachment satisfies yet."""
    return [i["code"] for i in detail.get("checklist", []) if i["required"] and not i["satisfied"]]


def multipart(kind: str) -> tuple[bytes, str]:
    """A body with the field `kind` and one PDF in `attachments`, and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'.encode(),
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="{kind}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + PDF
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def attach_missing(session, user, proposal_id: int, directory) -> int:
    """The same through the services, for a script that calls them without HTTP: one PDF per
    missing required item, stored under `directory`; how many were attached."""
    import io

    from models import Proposal
    from workflows.awards import dossier
    from workflows.deadlines import calendar
    from workflows.proposals import attachments, uploads

    proposal = session.get_one(Proposal, proposal_id)
    count = 0
    for item in dossier.checklist(session, proposal, calendar.today()):
        if item.required and not item.satisfied:
            upload = uploads.Upload(f"{item.code}.pdf", io.BytesIO(PDF))
            limits = uploads.Limits()
            attachments.add(session, user, proposal_id, [upload], directory, limits, item.code)
            count += 1
    return count
