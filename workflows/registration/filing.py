"""A proposal filed from a unit's approved registration (issue 17, item 1).

At year end the unit's nominator starts one proposal per registered award, its nominees the
registration's lines for that award; the proposal is an ordinary draft from then on (edited on
the usual form, nominees added or removed) and keeps `registration_id`, which the targets count
as "proposed". It goes through `proposals.filing.create_proposal`, so the nominator's role at the
unit, the body's checks and the year-end deadline are those of any filing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Award,
    Person,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationStatus,
    User,
)
from workflows.awards import procedure
from workflows.errors import N_, Conflict, ValidationFailed
from workflows.process.registry import ProcessRegistry
from workflows.proposals import filing
from workflows.registration.service import visible

FIELD = "award"


def registered_awards(registration: Registration) -> list[str]:
    """The awards of a registration's lines, in the order first registered."""
    return list(dict.fromkeys(line.award_code for line in registration.lines))


def proposals_of(session: Session, registration_id: int) -> dict[str, Proposal]:
    """The proposals filed from a registration, by award (a refused one no longer holds it)."""
    rows = session.scalars(
        select(Proposal)
        .where(
            Proposal.registration_id == registration_id,
            Proposal.status != ProposalStatus.REJECTED,
        )
        .order_by(Proposal.id)
    )
    return {p.award_code: p for p in rows}


def file_proposal(
    session: Session, registry: ProcessRegistry, user: User, registration_id: int, data: object
) -> Proposal:
    """File the proposal of one registered award (`{"award": code}`) from the registration."""
    # The body first, which says nothing of the registration; then whether the user may see it.
    if not isinstance(data, dict):
        raise ValidationFailed(
            "body_not_object",
            {"body": N_("phải là một đối tượng JSON ({...}), không phải mảng/giá trị")},
        )
    code = data.get(FIELD)
    if not isinstance(code, str) or not code.strip():
        raise ValidationFailed(
            "registration_award_missing",
            {FIELD: N_("cần mã danh hiệu đã đăng ký (ví dụ LDTT)")},
        )
    code = code.strip()
    registration, _ = visible(session, user, registration_id)
    if registration.status != RegistrationStatus.APPROVED:
        raise Conflict(
            "registration_not_approved",
            N_(
                "Đăng ký thi đua năm %(year)s chưa được duyệt: chỉ lập hồ sơ từ đăng ký đã duyệt",
                year=registration.year,
            ),
        )
    awards = registered_awards(registration)
    if code not in awards:
        raise ValidationFailed(
            "registration_award_unknown",
            {
                FIELD: N_(
                    "'%(code)s' không có trong đăng ký; đã đăng ký: %(awards)s",
                    code=code[:40],
                    awards=", ".join(awards) or "—",
                )
            },
        )
    existing = proposals_of(session, registration.id).get(code)
    if existing is not None:
        raise Conflict(
            "registration_proposal_exists",
            N_(
                "Đã có hồ sơ số %(id)s lập từ đăng ký này cho danh hiệu %(code)s",
                id=existing.id,
                code=code,
            ),
        )
    award = session.get_one(Award, code)
    body = {
        "org": registration.org.code,
        "award_code": code,
        "year": registration.year,
        "title": f"Đề nghị {award.name_vi} năm {registration.year}",
        "summary": (
            f"Lập từ đăng ký thi đua năm {registration.year} đã được duyệt "
            f"(đăng ký số {registration.id})."
        ),
        "nominees": _nominees(session, registration, code),
    }
    proposal = filing.create_proposal(session, registry, user, body)
    # The registration's movement, whatever the default for the unit would be: its targets
    # are the ones the proposal answers.
    proposal.movement_id = registration.movement_id
    proposal.registration_id = registration.id
    procedure.check_deadline(session, proposal.movement_id, proposal.procedure, proposal.year)
    session.flush()
    return proposal


def _nominees(session: Session, registration: Registration, code: str) -> list[dict]:
    lines = [line for line in registration.lines if line.award_code == code]
    ids = [line.person_id for line in lines if line.person_id is not None]
    people = (
        {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    )
    # The account, when the person has one: the nominee is then linked by it, not by name.
    accounts = dict(
        session.execute(
            select(User.id, User.username).where(
                User.id.in_([p.user_id for p in people.values() if p.user_id is not None])
            )
        ).all()
    )
    unit = registration.org
    out: list[dict] = []
    for line in lines:
        if line.person_id is None:
            out.append({"name": unit.name, "kind": "collective"})
            continue
        person = people[line.person_id]
        out.append(
            {
                "name": person.full_name,
                "job_title": person.job_title,
                "unit_name": unit.name,
                "gender": person.gender,
                "is_leader": person.is_leader,
                "username": accounts.get(person.user_id) if person.user_id else None,
            }
        )
    return out
