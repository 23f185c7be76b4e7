"""Filing, editing, submitting and reading a proposal."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from models import Award, RoleCode, User
from webapp import org_names, transaction
from webapp.attachments import files, pending
from webapp.errors import fields_of, message_of
from webapp.extensions import db
from webapp.labels import N_
from webapp.numbers import ID_MAX, query_int
from webapp.proposals import rows
from webapp.proposals.forms import MOVEMENT_AUTO, MOVEMENT_NONE, ProposalForm
from webapp.views import apply_field_errors, registry
from workflows.council import ballots
from workflows.directory.access import candidates, get_visible_proposal
from workflows.eligibility import checks
from workflows.errors import DomainError, ValidationFailed
from workflows.movements import registry as movements
from workflows.process import audit, decisions
from workflows.proposals import attachments, queries, uploads
from workflows.proposals import filing as proposals
from workflows.registration import requirement
from workflows.vn_collation import sort_key

NO_NOMINEE = N_("Hồ sơ cần ít nhất một cá nhân hoặc tập thể được đề nghị.")

bp = Blueprint("proposals", __name__, url_prefix="/proposals", template_folder="templates")
# A decided proposal names its unit and department as on its decision (issue 16), on every page.
bp.add_app_template_global(org_names.name_on, "name_on")
bp.add_app_template_global(org_names.short_name_on, "short_name_on")
#: the views that receive files, and so a larger request body than the others
#: rounds of the audit trail on a proposal's page
HISTORY_ROUNDS = 5
UPLOAD_VIEWS = ("proposals.new", "proposals.edit", "proposals.upload_attachments")


@bp.url_value_preprocessor
def _larger_body_for_uploads(endpoint: str | None, values: dict | None) -> None:
    if endpoint in UPLOAD_VIEWS:
        files.allow_upload_body()


def _prepare(form: ProposalForm, units: list | None = None) -> dict:
    """Choices of the form's selects; returns the people offered per unit (for the picker)."""
    # Ministry and state awards are in the catalogue but cannot be filed yet.
    fileable = db.session.scalars(select(Award).where(Award.fileable).order_by(Award.level))
    # Grouped by level as before; alphabetical in Vietnamese order within a level.
    awards = sorted(fileable, key=lambda a: (a.level, sort_key(a.name_vi)))
    form.award_code.choices = [SelectChoice(a.code, a.name_vi) for a in awards]
    if units is None:
        units = [
            a.org for a in current_user.held_assignments() if a.role_code == RoleCode.NOMINATOR
        ]
    form.org.choices = [SelectChoice(u.code, u.name) for u in units]
    if request.method == "GET" and units and not form.org.data:
        form.org.data = units[0].code
    _movement_choices(form, units)
    # Only a unit's own nominators see its people (a reviewer may open the edit URL too).
    mine = [u for u in units if current_user.has_role(RoleCode.NOMINATOR, u.id)]
    people = rows.people_for(mine)
    rows.offer_people(form, mine, people)
    return people


def _movement_choices(form: ProposalForm, units) -> None:
    offered = {m.code: m for unit in units for m in movements.open_for(db.session, unit, None)}
    form.movement.choices = [
        SelectChoice(MOVEMENT_AUTO, _("Tự động theo năm xét")),
        SelectChoice(MOVEMENT_NONE, _("Không thuộc phong trào nào")),
        *(SelectChoice(code, m.title) for code, m in offered.items()),
    ]


def _handle(form: ProposalForm, proposal_id: int | None, people: dict, may_hold: bool = True):
    """Shared POST handling of new and edit: a response, or None and the files kept for the form
    that comes back (webapp.attachments.pending)."""
    kept = pending.read(request.form.getlist(pending.FIELD))
    if form.add_row.data:
        form.nominees.append_entry()
        return None, _keep_files(form, kept, may_hold=may_hold)
    if form.add_person.data:
        rows.add_picked(form, people)
        return None, _keep_files(form, kept, may_hold=may_hold)
    if form.add_pasted.data:
        rows.add_pasted(form)
        return None, _keep_files(form, kept, may_hold=may_hold)
    valid = form.validate()
    data, index_map = form.payload()
    if not data["nominees"]:
        # Said together with the other errors, not after they are fixed.
        form.nominees.errors = [*form.nominees.errors, _(NO_NOMINEE)]
        valid = False
    if not valid:
        return None, _keep_files(form, kept, may_hold=may_hold)
    if proposal_id is None and not form.confirm_duplicate.data and _warn_of_duplicates(form, data):
        return None, _keep_files(form, kept, may_hold=may_hold)
    try:
        if proposal_id is None:
            proposal = proposals.create_proposal(db.session, registry(), current_user, data)
        else:
            proposal = proposals.update_proposal(db.session, current_user, proposal_id, data)
        uploads = files.uploads(request.files)
        if uploads or kept:
            added = attachments.add_files(
                db.session,
                current_user,
                proposal.id,
                uploads,
                files.directory(),
                files.limits(),
                pending=kept,
                kind=request.form.get("kind"),
            )
            _say_duplicates(added.duplicates)
        if form.save_submit.data:
            proposals.submit_proposal(db.session, registry(), current_user, proposal.id)
    except ValidationFailed as exc:
        transaction.abandon()
        errors = _attachment_errors_together(
            {_row_key(k, index_map): v for k, v in fields_of(exc).items()}
        )
        for message in apply_field_errors(form, errors):
            flash(message, "error")
        # A refused file is named on the field and not kept; good ones are.
        return None, _keep_files(form, kept, report=not form.attachments.errors, may_hold=may_hold)
    flash(_("Đã nộp hồ sơ.") if form.save_submit.data else _("Đã lưu hồ sơ."), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id)), []


def _say_duplicates(rows) -> None:
    for row in rows:
        message = _(
            "Tệp “%(name)s” đã có trong hồ sơ (cùng nội dung): không thêm lần nữa.",
            name=row.original_name,
        )
        flash(message, "info")


def _keep_files(
    form: ProposalForm, kept: list, report: bool = True, may_hold: bool = True
) -> list[tuple[str, object]]:
    """The files kept for the form coming back: those already kept and those just chosen,
    each with its token. A chosen file that would be refused is said on the file field now.
    Nothing is stored for someone who may not add files to this proposal (`may_hold`)."""
    if not may_hold:
        return []
    try:
        kept = kept + uploads.hold(files.uploads(request.files), files.directory(), files.limits())
    except ValidationFailed as exc:
        if report:
            errors = _attachment_errors_together(fields_of(exc))
            for message in apply_field_errors(form, errors):
                flash(message, "error")
    unique = {item.sha256: item for item in kept}
    return [(pending.token(item), item) for item in unique.values()]


def _warn_of_duplicates(form: ProposalForm, data: dict) -> bool:
    """The unit's proposals with the same award, year and a nominee of this one, put on the form
    (its warning and the box to confirm past it); whether there are any."""
    try:
        unit = proposals.nominator_unit(current_user, data.get("org"))
    except DomainError:
        return False  # said by the service when it refuses the filing
    names = [row["name"] or "" for row in data["nominees"]]
    found = queries.same_filing(db.session, unit.id, data["award_code"], data["year"], names)
    form.duplicates = found
    return bool(found)


def _attachment_errors_together(errors: dict[str, str]) -> dict[str, str]:
    """attachments[i] keys onto the one file field (a browser cannot keep chosen files anyway)."""
    out: dict[str, str] = {}
    for key, message in errors.items():
        key = files.FIELD if key.startswith(files.FIELD + "[") else key
        out[key] = f"{out[key]}; {message}" if key in out else message
    return out


def _row_key(key: str, index_map: list[int]) -> str:
    if key.startswith("nominees[") and "]" in key:
        index, rest = key[len("nominees[") :].split("]", 1)
        if index.isdigit() and int(index) < len(index_map):
            return f"nominees[{index_map[int(index)]}]{rest}"
    return key


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not current_user.has_role(RoleCode.NOMINATOR):
        abort(403, _("Chỉ cán bộ lập hồ sơ của một đơn vị mới lập được hồ sơ."))
    form = ProposalForm()
    people = _prepare(form)
    kept: list = []
    if request.method == "POST":
        response, kept = _handle(form, None, people)
        if response is not None:
            return response
    acted = request.method == "POST" and not form.adds_rows() and not form.duplicates
    status = 400 if form.errors or acted else 200
    page = render_template("proposals/form.html", form=form, proposal=None, pending_files=kept)
    return page, status


@bp.route("/<id:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    proposal = get_visible_proposal(db.session, current_user, proposal_id)
    form = ProposalForm(obj=proposal if request.method == "GET" else None)
    people = _prepare(form, [proposal.org])
    form.org.data = None
    if request.method == "GET":
        current = proposal.movement
        form.movement.data = current.code if current else MOVEMENT_NONE
        if current and current.code not in {c.value for c in form.movement.choices}:
            # A closed movement stays selectable on the proposals already filed under it.
            form.movement.choices.append(SelectChoice(current.code, current.title))
        task = proposals.filing_task(db.session, proposal)
        if task is None or not current_user.has_role(RoleCode.NOMINATOR, proposal.org_id):
            abort(403, _("Hồ sơ này không ở bước chỉnh sửa của bạn."))
        _fill_nominees(form, proposal)
    kept: list = []
    if request.method == "POST":
        # The service refuses what they may not do; files are not even held for them.
        may_hold = proposals.filing_task(
            db.session, proposal
        ) is not None and current_user.has_role(RoleCode.NOMINATOR, proposal.org_id)
        response, kept = _handle(form, proposal_id, people, may_hold)
        if response is not None:
            return response
    status = 400 if form.errors or request.method == "POST" and not form.adds_rows() else 200
    page = render_template("proposals/form.html", form=form, proposal=proposal, pending_files=kept)
    return page, status


def _fill_nominees(form: ProposalForm, proposal) -> None:
    while len(form.nominees.entries):
        form.nominees.pop_entry()
    linked = [n.user_id for n in proposal.nominees if n.user_id]
    usernames: dict[int, str] = {}
    if linked:
        rows = db.session.execute(select(User.id, User.username).where(User.id.in_(linked)))
        usernames = {user_id: username for user_id, username in rows}
    for nominee in proposal.nominees:
        form.nominees.append_entry(
            {
                "name": nominee.name,
                "job_title": nominee.job_title,
                "unit_name": nominee.unit_name,
                "gender": nominee.gender or "",
                "achievements": nominee.achievements,
                "is_leader": nominee.is_leader,
                "username": usernames.get(nominee.user_id, ""),
            }
        )
    form.nominees.append_entry()


@bp.route("/<id:proposal_id>/submit", methods=["POST"])
@login_required
def submit(proposal_id: int):
    comment = request.form.get("comment", "")
    try:
        proposals.submit_proposal(db.session, registry(), current_user, proposal_id, comment)
    except ValidationFailed as exc:
        transaction.abandon()  # answered with a redirect: a success status, nothing kept
        # Each problem in words (the dossier's missing documents), without the field keys.
        for message in fields_of(exc).values() or [message_of(exc)]:
            flash(message, "error")
        return redirect(url_for("proposals.detail", proposal_id=proposal_id))
    except DomainError:
        transaction.abandon()  # before the error page reads (and autoflushes) the session
        raise
    flash(_("Đã nộp hồ sơ."), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal_id))


@bp.route("/<id:proposal_id>/attachments", methods=["POST"])
@login_required
def upload_attachments(proposal_id: int):
    """Files added from the proposal page (the form's own file field does the same)."""
    try:
        added = attachments.add_files(
            db.session,
            current_user,
            proposal_id,
            files.uploads(request.files),
            files.directory(),
            files.limits(),
            kind=request.form.get("kind"),
        )
    except ValidationFailed as exc:
        transaction.abandon()
        for message in fields_of(exc).values():
            flash(message, "error")
        return _detail_page(get_visible_proposal(db.session, current_user, proposal_id), 400)
    if added.rows:
        flash(_("Đã đính kèm %(n)d tệp.", n=len(added.rows)), "success")
    _say_duplicates(added.duplicates)
    return redirect(url_for("proposals.detail", proposal_id=proposal_id))


@bp.route("/<id:proposal_id>")
@login_required
def detail(proposal_id: int):
    return _detail_page(get_visible_proposal(db.session, current_user, proposal_id))


def _waiting(tasks, proposal) -> list[tuple]:
    """One entry per step, not per task: a council's ballot is one step with a task per member,
    listed once with how many members it still waits for."""
    grouped: dict[tuple, tuple] = {}
    for t in tasks:
        key = (t.bpmn_id, t.org_id)
        if key in grouped:
            first, people, count = grouped[key]
            grouped[key] = (first, people + candidates(db.session, t, proposal), count + 1)
        else:
            grouped[key] = (t, candidates(db.session, t, proposal), 1)
    return list(grouped.values())


def _detail_page(proposal, status: int = 200):
    tasks = queries.current_tasks(db.session, proposal.id)
    waiting = _waiting(tasks, proposal)
    filing = proposals.filing_task(db.session, proposal)
    can_edit = filing is not None and current_user.has_role(RoleCode.NOMINATOR, proposal.org_id)
    # The latest rounds, newest first; older ones a link away (?history=<offset>): a proposal
    # returned a thousand times made a 1.5 MB page.
    offset = query_int("history", 0, 0, ID_MAX)
    rounds = audit.Rounds(proposal.round, offset, HISTORY_ROUNDS)
    return render_template(
        "proposals/detail.html",
        proposal=proposal,
        waiting=waiting,
        history=audit.history(db.session, proposal.id, rounds, newest_first=True),
        history_window=rounds,
        can_edit=can_edit,
        eligibility=checks.latest(db.session, [proposal.id]).get(proposal.id),
        registration_check=requirement.check(db.session, proposal),
        ballot_boxes=ballots.tallies_for(db.session, proposal),
        # what the decision gave each nominee, as recorded in the award history
        awards=decisions.granted(db.session, proposal.id),
    ), status
