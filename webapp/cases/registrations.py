"""A unit's registration page: what it registered, by award, and at year end, once approved, a
button per award that files the proposal from it (workflows.registration.filing) and opens the
usual draft form with the nominees filled in."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from models import Award, Person, RegistrationStatus, RoleCode
from webapp.cases import bp
from webapp.extensions import db
from webapp.views import registry
from workflows.registration import filing, service


@bp.get("/registrations/<id:registration_id>")
@login_required
def registration(registration_id: int):
    row, case_id = service.visible(db.session, current_user, registration_id)
    names = dict(
        db.session.execute(
            select(Person.id, Person.full_name).where(
                Person.id.in_([line.person_id for line in row.lines if line.person_id])
            )
        ).all()
    )
    awards = filing.registered_awards(row)
    award_names = dict(
        db.session.execute(select(Award.code, Award.name_vi).where(Award.code.in_(awards))).all()
    )
    by_award = [
        (
            code,
            award_names.get(code, code),
            [
                names.get(line.person_id, "") if line.person_id else row.org.name
                for line in row.lines
                if line.award_code == code
            ],
        )
        for code in awards
    ]
    nominator = any(
        a.role_code == RoleCode.NOMINATOR and a.org_id == row.org_id
        for a in current_user.held_assignments()
    )
    return render_template(
        "cases/registration.html",
        registration=row,
        case_id=case_id,
        by_award=by_award,
        filed=filing.proposals_of(db.session, row.id),
        may_file=nominator and row.status == RegistrationStatus.APPROVED,
    )


@bp.post("/registrations/<id:registration_id>/proposals")
@login_required
def file_proposal(registration_id: int):
    proposal = filing.file_proposal(
        db.session, registry(), current_user, registration_id, {"award": request.form.get("award")}
    )
    flash(
        _(
            "Đã lập hồ sơ số %(id)s từ đăng ký thi đua: kiểm tra, bổ sung rồi gửi",
            id=proposal.id,
        ),
        "success",
    )
    return redirect(url_for("proposals.edit", proposal_id=proposal.id))
