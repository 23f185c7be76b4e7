"""The process picture of a proposal: inline in its pages and as a standalone SVG."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, Response, abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from models import ProcessVersion, Proposal, Role, utcnow
from webapp.extensions import db
from webapp.labels import N_, Labels
from webapp.numbers import ID_MAX, query_int
from workflows.directory.access import get_visible_proposal
from workflows.picture import svg as diagram_svg
from workflows.process import audit, timeline

bp = Blueprint("diagram", __name__, url_prefix="/proposals", template_folder="templates")

#: how a round ended, for the round selector
OUTCOME = Labels(
    {
        "running": N_("đang xử lý"),
        "returned": N_("bị trả lại"),
        "rejected": N_("bị từ chối"),
        "decided": N_("đã quyết định"),
        "ended": N_("đã kết thúc"),
    }
)


@dataclass(frozen=True)
class PictureView:
    svg: Markup
    rounds: list[timeline.RoundPath]
    shown: timeline.RoundPath | None
    visits: list[timeline.StageVisit]
    now: datetime
    #: element id → name in the diagram shown
    names: dict[str, str]


def _requested_round() -> int | None:
    return query_int("round", None, 1, ID_MAX)


def _draw(proposal: Proposal, rounds, round_no: int | None, stylesheet: str | None = None):
    shown = next((r for r in rounds if r.round == round_no), rounds[-1] if rounds else None)
    if shown is None:
        return None, "", {}
    # The round's own process version: an old proposal is drawn on the diagram it ran on.
    version = db.session.get_one(ProcessVersion, shown.process_version_id)
    sources = json.loads(version.sources_json)
    lanes = {code: name for code, name in db.session.execute(select(Role.code, Role.name_vi))}
    svg = diagram_svg.render(
        sources,
        shown.path,
        shown.current,
        lane_labels=lanes,
        title=f"Quy trình xét duyệt hồ sơ #{proposal.id}, vòng {shown.round}",
        stylesheet_href=stylesheet,
    )
    return shown, svg, diagram_svg.element_names(sources)


@bp.app_template_global()
def process_picture(proposal: Proposal) -> PictureView:
    """For the proposal and task pages; `proposal` is one the page already let the user see."""
    rounds = timeline.round_paths(db.session, proposal.id)
    shown, svg, names = _draw(proposal, rounds, _requested_round())
    visits = timeline.stage_timeline(
        audit.history(db.session, proposal.id),
        open_stage=None if proposal.is_final else proposal.stage,
        open_round=proposal.round,
    )
    # The SVG is built with lxml from the diagram's own text, every name escaped.
    return PictureView(Markup(svg), rounds, shown, visits, utcnow(), names)


@bp.app_template_global()
def outcome_label(code: str) -> str:
    return OUTCOME.get(code, code)


@bp.app_template_global()
def duration_vi(span) -> str:
    return timeline.duration_vi(span)


@bp.route("/<id:proposal_id>/diagram.svg")
@login_required
def standalone(proposal_id: int):
    proposal = get_visible_proposal(db.session, current_user, proposal_id)
    rounds = timeline.round_paths(db.session, proposal.id)
    round_no = _requested_round()
    if "round" in request.args and not any(r.round == round_no for r in rounds):
        abort(404, _("Hồ sơ không có vòng xét này."))
    stylesheet = url_for("static", filename="diagram.css")
    shown, svg, _names = _draw(proposal, rounds, round_no, stylesheet)
    if shown is None:
        abort(404, _("Hồ sơ chưa có quy trình."))
    return Response(svg, mimetype="image/svg+xml")
