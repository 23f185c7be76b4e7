"""The dossier bundle a province sends upward (to the sector's ministry, or through the Ministry
of Home Affairs to the Prime Minister), as one .zip: the province's submission and the
achievement report as .docx and PDF, the department's submission and the council's minutes
where they exist, every attachment of the proposal, and manifest.json — who proposes, what
award for whom, and each file with its size and SHA-256 (documented in docs/dossier-bundle.md).

Built on demand from what is stored; nothing is written. Who may download it: the holders of the
Chairman's, the board officer's and the board's roles, on a proposal they can see whose award
goes beyond the province."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from models import Attachment, OrgKind, Proposal, RoleCode, User
from models.base import utcnow
from workflows.awards import upward
from workflows.directory import access
from workflows.directory.orgs import province_body
from workflows.documents import KINDS, render_docx, render_pdf
from workflows.errors import N_, Conflict, Forbidden
from workflows.process.registry import ProcessRegistry
from workflows.proposals import attachments

FORMAT = "tdkt-dossier-bundle/1"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Built:
    data: bytes
    file_name: str
    manifest: dict


def for_proposal(
    session: Session, registry: ProcessRegistry, user: User, proposal_id: int, directory: Path
) -> Built:
    """The bundle of a proposal `user` may read, sent where the routing table says."""
    proposal = access.get_visible_proposal(session, user, proposal_id)
    decider = str(registry.route_for(session, proposal.award_code).get("decider", ""))
    committee = province_body(session, proposal.department, OrgKind.COMMITTEE)
    board = province_body(session, proposal.department, OrgKind.BOARD)
    held = (
        user.has_role(RoleCode.CHAIRMAN, committee.id)
        or user.has_role(RoleCode.BOARD_OFFICER, board.id)
        or user.has_role(RoleCode.BOARD)
    )
    if not held:
        raise Forbidden(
            "bundle_role_not_held",
            N_("Chỉ Chủ tịch UBND tỉnh, chuyên viên và lãnh đạo Ban TĐKT tải được bộ hồ sơ trình"),
        )
    if not upward.is_upward(decider):
        raise Conflict(
            "bundle_not_upward",
            N_(
                "%(award)s do tỉnh quyết định: không có bộ hồ sơ trình cấp trên",
                award=proposal.award.name_vi,
            ),
        )
    return build(session, proposal, directory, decider)


def build(session: Session, proposal: Proposal, directory: Path, decider: str) -> Built:
    # python-docx, docxtpl and fpdf2 load with the first bundle, never at a worker's start
    # (tests/reliability/test_worker_imports.py).
    from workflows.documents import upward as upward_documents

    files: list[tuple[str, str, str, bytes]] = []  # path, kind, title, content
    values = upward_documents.submission_values(session, proposal, decider)
    files.append(
        (
            "to-trinh-ubnd-tinh.docx",
            "submission",
            "Tờ trình của UBND tỉnh",
            upward_documents.submission_docx(values),
        )
    )
    files.append(
        (
            "to-trinh-ubnd-tinh.pdf",
            "submission",
            "Tờ trình của UBND tỉnh",
            upward_documents.submission_pdf(values),
        )
    )
    files.append(
        (
            "bao-cao-thanh-tich.docx",
            "achievement_report",
            "Báo cáo thành tích",
            upward_documents.achievements_docx(proposal),
        )
    )
    files.append(
        (
            "bao-cao-thanh-tich.pdf",
            "achievement_report",
            "Báo cáo thành tích",
            upward_documents.achievements_pdf(proposal),
        )
    )
    for code, kind, title in (
        ("to_trinh", "department_submission", "Tờ trình của Sở"),
        ("bien_ban", "minutes", "Biên bản họp Hội đồng TĐKT Sở"),
    ):
        if KINDS[code].build(session, proposal) is None:
            continue
        stem = code.replace("_", "-") + "-so"
        files.append((f"{stem}.docx", kind, title, render_docx(session, proposal, code) or b""))
        files.append((f"{stem}.pdf", kind, title, render_pdf(session, proposal, code) or b""))
    for row in attachments.list_for(session, proposal.id):
        content = _stored(directory, row)
        files.append((f"dinh-kem/{row.id}-{row.original_name}", "attachment",
                      row.kind or "", content))  # fmt: skip
    manifest = _manifest(proposal, decider, values, files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, _kind, _title, content in files:
            archive.writestr(path, content)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return Built(out.getvalue(), f"bo-ho-so-trinh-{proposal.id}.zip", manifest)


def _stored(directory: Path, row: Attachment) -> bytes:
    path = attachments.stored_path(directory, row)
    if not path.is_file():
        raise Conflict(
            "attachment_missing",
            N_("Tệp đính kèm “%(name)s” không còn trên máy chủ.", name=row.original_name),
        )
    return path.read_bytes()


def _manifest(proposal: Proposal, decider: str, values: dict, files: list) -> dict:
    award = proposal.award
    to = upward.recipient(decider, utcnow().date())
    return {
        "format": FORMAT,
        "generated_at": utcnow().replace(microsecond=0).isoformat() + "Z",
        "proposal": {
            "id": proposal.id,
            "title": proposal.title,
            "year": proposal.year,
            "procedure": proposal.procedure,
        },
        "award": {
            "code": award.code,
            "name": award.name_vi,
            "level": award.level,
            "target": award.target,
            "legal_basis": award.legal_basis,
        },
        "route": {
            "decider": decider,
            "recipient": to.recipient_vi,
            "via": to.via_vi,
            "submission_number": values["number"].strip(),
            "submission_signed": bool(values["signer_name"]),
        },
        "proposed_by": {
            "province_body": values["org_parent"] + " " + values["org_name"],
            "department": proposal.department.name,
            "unit": proposal.org.name,
        },
        "nominees": [
            {
                "id": n.id,
                "name": n.name,
                "kind": n.kind,
                "job_title": n.job_title,
                "unit": n.unit_name,
                "status": n.status,
            }
            for n in proposal.nominees
        ],
        "documents": [
            {
                "path": path,
                "kind": kind,
                "title": title,
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
            }
            for path, kind, title, content in files
        ],
    }
