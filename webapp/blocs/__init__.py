"""A bloc's or cluster's year as pages (/blocs): the pledges, one pledge with its scoring table,
the members' scores and the step each can take (sign, self-score, cross-check, vote; the head
edits, opens, closes and records the election), and the ranking table, printable and as .xlsx.
Every account signed in reads; the services check who acts, by role and organisation."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import CriterionKind, EntryStatus, PledgeStatus
from webapp import transaction
from webapp.attachments import files
from webapp.blocs.tables import ranking_table
from webapp.dashboard import xlsx
from webapp.errors import message_of
from webapp.extensions import db
from webapp.numbers import form_int
from workflows.blocs import access, evidence, flow, pledges, scoring, views
from workflows.blocs.rules import ballot_rule, from_json
from workflows.deadlines.calendar import today
from workflows.errors import Conflict, NotFound, ValidationFailed
from workflows.reports import exports

bp = Blueprint("blocs", __name__, url_prefix="/blocs", template_folder="templates")

#: the steps a form of the pledge's page posts, each to POST /blocs/<id>/<step>
STEPS = (
    "criteria",
    "sign",
    "open_scoring",
    "scores",
    "check",
    "open_ballot",
    "vote",
    "close_ballot",
    "elect",
)
#: blank lines offered under the table being edited
BLANK_LINES = 3


def _sees_blocs(user) -> bool:
    return user.is_authenticated and access.sees_blocs(db.session, user, today())


bp.add_app_template_global(_sees_blocs, "blocs_access")


@bp.before_request
@login_required
def _signed_in():
    return None


def _headed(day) -> list:
    """The groupings the user heads today, for the form that makes a pledge."""
    return [a.org for a in current_user.held_assignments(day) if a.role_code == "grouping_head"]


@bp.route("/")
def index():
    day = today()
    return render_template(
        "blocs/index.html",
        pledges=pledges.listing(db.session),
        headed=_headed(day),
        year=day.year,
        kinds=list(CriterionKind),
        blank=range(1, 6),
    )


def table_from_form(form) -> list[dict]:
    """The rows of the table editor (name_N, kind_N, max_N, evidence_N); blank rows skipped."""
    rows = []
    numbers = sorted(
        {int(k[5:]) for k in form if k.startswith("name_") and k[5:].isascii() and k[5:].isdigit()}
    )
    for n in numbers:
        name = form.get(f"name_{n}", "").strip()
        if not name and not form.get(f"max_{n}", "").strip():
            continue
        rows.append(
            {
                "name": name,
                "kind": form.get(f"kind_{n}", ""),
                "max_points": form.get(f"max_{n}", "").strip(),
                "evidence": form.get(f"evidence_{n}", ""),
            }
        )
    return rows


@bp.route("/", methods=["POST"])
def create():
    form = request.form
    try:
        grouping = pledges.grouping_by_code(db.session, form.get("grouping", ""))
        year = form_int("year", None, pledges.YEAR_MIN, pledges.YEAR_MAX)
        pledge = flow.open_year(
            db.session,
            current_app.extensions["tdkt_registry"],
            current_user,
            grouping,
            pledges.clean_year(year),
            form.get("title", ""),
            table_from_form(form),
            today(),
        )
    except (ValidationFailed, Conflict) as exc:
        transaction.abandon()
        flash(message_of(exc), "error")
        return redirect(url_for("blocs.index"))
    flash(_("Đã lập giao ước thi đua"), "success")
    return redirect(url_for("blocs.pledge", pledge_id=pledge.id))


@bp.route("/<id:pledge_id>")
def pledge(pledge_id: int):
    found = pledges.get(db.session, pledge_id)
    day = pledges.day_in_year(found.year, today())
    own = access.own_entry(current_user, found, day)
    rule = from_json(found.rules)
    return render_template(
        "blocs/pledge.html",
        p=found,
        d=views.detail(db.session, found),
        is_head=access.is_head(current_user, found.grouping, day),
        own=own,
        voted=own is not None and _voted(found.id, own.member_id),
        checkable={
            e.member_id
            for e in found.entries
            if e.status == EntryStatus.SUBMITTED and scoring.may_check(current_user, found, e, day)
        },
        scores_of={e.member_id: {s.criterion_id: s for s in e.scores} for e in found.entries},
        files_of=evidence.of_pledge(db.session, found)
        if evidence.may_read(current_user, found, day)
        else {},
        ballot_text=ballot_rule(rule).describe(),
        rule=rule,
        S=PledgeStatus,
        E=EntryStatus,
        kinds=list(CriterionKind),
        blank=range(len(found.criteria) + 1, len(found.criteria) + 1 + BLANK_LINES),
    )


def _voted(pledge_id: int, member_id: int) -> bool:
    from sqlalchemy import select

    from models import BlocVoter

    return (
        db.session.scalar(
            select(BlocVoter.id).where(
                BlocVoter.pledge_id == pledge_id, BlocVoter.member_id == member_id
            )
        )
        is not None
    )


def _scores_from_form(found, form) -> list[dict]:
    return [
        {
            "criterion_id": c.id,
            "points": form.get(f"points_{c.id}", "").strip()
            or (None if c.kind == CriterionKind.CRITERION else "0"),
            "evidence": form.get(f"evidence_{c.id}", ""),
        }
        for c in found.criteria
    ]


@bp.route("/<id:pledge_id>/<step>", methods=["POST"])
def act(pledge_id: int, step: str):
    if step not in STEPS:
        abort(404)
    form, user, day = request.form, current_user, today()
    registry = current_app.extensions["tdkt_registry"]
    try:
        if step == "criteria":
            found = pledges.lock(db.session, pledge_id)
            pledges.set_table(db.session, user, found, table_from_form(form), day)
        else:
            found = pledges.get(db.session, pledge_id)
            entry = None
            if step == "check":
                entry = scoring.entry_of(found, form_int("member", None, 1, 2**63 - 1))
            done = flow.act(db.session, registry, user, pledge_id, step, _sent(found, step), entry)
            fed = done.get("endorsed_proposals")
            if fed:
                flash(
                    _(
                        "Đã chuyển %(n)s hồ sơ đề nghị lên cấp tỉnh theo kết quả suy tôn",
                        n=len(fed),
                    ),
                    "info",
                )
    except (ValidationFailed, Conflict, NotFound) as exc:
        transaction.abandon()
        flash(message_of(exc), "error")
        return redirect(url_for("blocs.pledge", pledge_id=pledge_id))
    flash(_("Đã ghi"), "success")
    return redirect(url_for("blocs.pledge", pledge_id=pledge_id))


def _sent(found, step: str) -> dict:
    """What a step's form posted, in the words of the bloc's API."""
    form = request.form
    if step == "scores":
        return {"scores": _scores_from_form(found, form)}
    if step == "check":
        return {"action": form.get("action"), "reason": form.get("reason")}
    if step == "vote":
        if form.get("absent"):
            return {"choices": "absent"}
        return {
            "choices": {str(e.member_id): form.get(f"choice_{e.member_id}") for e in found.entries}
        }
    if step == "elect":
        return {"head": form.get("head"), "deputy": form.get("deputy")}
    return {}


@bp.url_value_preprocessor
def _larger_body_for_evidence(endpoint: str | None, values: dict | None) -> None:
    if endpoint == "blocs.add_evidence":
        files.allow_upload_body()


@bp.route("/<id:pledge_id>/evidence", methods=["POST"])
def add_evidence(pledge_id: int):
    """A member's files of evidence for one line of its self-score (the attachments' checks)."""
    found = pledges.lock(db.session, pledge_id)
    try:
        added = evidence.add(
            db.session,
            current_user,
            found,
            request.form.get("criterion"),
            files.uploads(request.files),
            files.directory(),
            files.limits(),
            today(),
        )
    except (ValidationFailed, Conflict) as exc:
        transaction.abandon()
        flash(message_of(exc), "error")
        return redirect(url_for("blocs.pledge", pledge_id=pledge_id))
    flash(_("Đã đính kèm %(n)s tệp minh chứng", n=len(added)), "success")
    return redirect(url_for("blocs.pledge", pledge_id=pledge_id))


@bp.route("/evidence/<id:evidence_id>")
def evidence_file(evidence_id: int):
    row = evidence.readable(db.session, current_user, evidence_id, today())
    return files.send_stored(row.sha256, row.content_type, row.original_name)


@bp.route("/<id:pledge_id>/ranking")
def ranking(pledge_id: int):
    found = pledges.get(db.session, pledge_id)
    return render_template(
        "blocs/ranking.html", p=found, r=views.ranking(found), tie_names=tie_labels()
    )


def tie_labels() -> dict[str, str]:
    return {
        "criteria": _("điểm các tiêu chí chính cao hơn"),
        "bonus": _("điểm thưởng cao hơn"),
        "penalty": _("điểm trừ ít hơn"),
        "votes": _("nhiều phiếu đồng ý hơn"),
    }


@bp.route("/<id:pledge_id>/ranking.xlsx")
def ranking_xlsx(pledge_id: int):
    found = pledges.get(db.session, pledge_id)
    content = exports.workbook([ranking_table(found, views.ranking(found))])
    name = exports.safe_filename(f"xep hang {found.grouping.code} {found.year}")
    return xlsx(content, name)
