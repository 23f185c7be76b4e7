"""Completing a proposal's dossier the way a nominator does: one file per required item of its
checklist, uploaded with the item's code as `kind` (workflows.awards.dossier)."""

from __future__ import annotations

import io

from tests.support.attachments import PDF


def missing(detail: dict) -> list[str]:
    return [i["code"] for i in detail["checklist"] if i["required"] and not i["satisfied"]]


def complete_dossier(client, proposal_id: int) -> list[dict]:
    """`client`: anything with .ok(method, path, status, **kwargs) on /api/v1 as the nominator
    (tests.support.api.Api, the world's clients). Returns the attachments added."""
    added: list[dict] = []
    for code in missing(client.ok("GET", f"/proposals/{proposal_id}")):
        added += client.ok(
            "POST",
            f"/proposals/{proposal_id}/attachments",
            201,
            # bytes of its own, so that no test's file shares its stored copy with these
            data={"kind": code, "attachments": (io.BytesIO(PDF + code.encode()), f"{code}.pdf")},
            content_type="multipart/form-data",
        )
    return added


def complete_dossier_in(session, user, proposal, directory) -> list:
    """The same through the service (workflows.proposals.attachments), for tests without a
    client: one file per missing required item of `proposal`, stored under `directory`."""
    from workflows.awards import dossier
    from workflows.deadlines import calendar
    from workflows.proposals import attachments, uploads

    added: list = []
    for item in dossier.checklist(session, proposal, calendar.today()):
        if item.required and not item.satisfied:
            upload = uploads.Upload(f"{item.code}.pdf", io.BytesIO(PDF + item.code.encode()))
            added += attachments.add(
                session, user, proposal.id, [upload], directory, uploads.Limits(), item.code
            )
    return added
