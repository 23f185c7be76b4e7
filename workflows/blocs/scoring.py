"""Year-end scoring: each member scores itself on the pledge's table, citing its evidence; the
head (and the other members, where the bloc's rules say so) cross-checks each score and
accepts it or returns it with a reason, and a returned score is scored again.

A score above a line's maximum is refused naming the line; a line whose table asks for
evidence needs it as soon as it scores anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models import (
    EVIDENCE_MAX,
    REASON_MAX,
    BlocAction,
    BlocEntry,
    BlocPledge,
    BlocScore,
    CriterionKind,
    EntryStatus,
    PledgeStatus,
    User,
)
from workflows.blocs import access, audit
from workflows.blocs.pledges import _check_status, day_in_year
from workflows.blocs.ranking import sums
from workflows.errors import N_, Conflict, Forbidden, NotFound, ValidationFailed
from workflows.plain_text import problem

ACCEPT, RETURN = "accept", "return"


@dataclass(frozen=True)
class Given:
    criterion_id: int
    points: int
    evidence: str


def entry_of(pledge: BlocPledge, member_id: object) -> BlocEntry:
    entry = next((e for e in pledge.entries if e.member_id == member_id), None)
    if entry is None:
        raise NotFound(
            "bloc_member_not_found", N_("Đơn vị không là thành viên của giao ước thi đua này")
        )
    return entry


def _int(value: object) -> int | None:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def clean_scores(pledge: BlocPledge, raw: object) -> list[Given]:
    """{criterion id: {points, evidence}} (the API) or [{criterion_id, points, evidence}]: every
    criterion line of the table scored, bonus and penalty lines optional (0)."""
    if isinstance(raw, dict):
        raw = [
            {"criterion_id": _int(k), **v} if isinstance(v, dict) else {} for k, v in raw.items()
        ]
    if not isinstance(raw, list):
        raise ValidationFailed(
            "invalid_bloc_scores", {"scores": N_("phải là danh sách điểm theo từng tiêu chí")}
        )
    by_id = {c.id: c for c in pledge.criteria}
    errors: dict[str, str] = {}
    given: dict[int, Given] = {}
    for row in raw:
        cid = _int(row.get("criterion_id")) if isinstance(row, dict) else None
        criterion = by_id.get(cid) if cid is not None else None
        if criterion is None or not isinstance(row, dict):
            errors["scores"] = N_("có dòng không thuộc bảng tiêu chí của giao ước")
            continue
        where = f"scores[{criterion.position - 1}]"
        points = _int(row.get("points"))
        evidence = row.get("evidence") or ""
        if points is None or points < 0:
            errors[where] = N_(
                "%(criterion)s: điểm phải là số nguyên không âm", criterion=criterion.name
            )
            continue
        if points > criterion.max_points:
            errors[where] = N_(
                "%(criterion)s: %(points)s điểm vượt mức tối đa %(most)s điểm",
                criterion=criterion.name,
                points=points,
                most=criterion.max_points,
            )
            continue
        if not isinstance(evidence, str) or len(evidence) > EVIDENCE_MAX:
            errors[where] = N_(
                "%(criterion)s: minh chứng tối đa %(most)s ký tự",
                criterion=criterion.name,
                most=EVIDENCE_MAX,
            )
            continue
        if (bad := problem(evidence, multiline=True)) is not None:
            errors[where] = bad
            continue
        if criterion.evidence and points > 0 and not evidence.strip():
            errors[where] = N_(
                "%(criterion)s: cần minh chứng (%(evidence)s)",
                criterion=criterion.name,
                evidence=criterion.evidence,
            )
            continue
        given[criterion.id] = Given(criterion.id, points, evidence.strip())
    for criterion in pledge.criteria:
        where = f"scores[{criterion.position - 1}]"
        if criterion.kind == CriterionKind.CRITERION and criterion.id not in given:
            errors.setdefault(where, N_("%(criterion)s: chưa chấm điểm", criterion=criterion.name))
    if errors:
        raise ValidationFailed("invalid_bloc_scores", errors)
    return list(given.values())


def self_score(
    session: Session, user: User, pledge: BlocPledge, raw_scores: object, today: date
) -> BlocEntry:
    """The member's Director scores the member; again after a return."""
    entry = access.check_member(user, pledge, day_in_year(pledge.year, today))
    _check_status(pledge, PledgeStatus.SCORING)
    if entry.status not in (EntryStatus.PENDING, EntryStatus.RETURNED):
        message = N_("Điểm của đơn vị đã gửi, đang chờ chấm chéo hoặc đã được chấp nhận")
        raise Conflict("bloc_score_sent", message)
    scores = clean_scores(pledge, raw_scores)
    entry.scores.clear()
    session.flush()
    entry.scores.extend(
        BlocScore(criterion_id=g.criterion_id, points=g.points, evidence=g.evidence) for g in scores
    )
    entry.status = EntryStatus.SUBMITTED
    entry.return_reason = None
    session.flush()
    total = totals(pledge, entry).total
    audit.record(
        session,
        pledge,
        user,
        BlocAction.SELF_SCORED,
        entry.member_id,
        total=total,
        scores={str(g.criterion_id): g.points for g in scores},
    )
    return entry


def totals(pledge: BlocPledge, entry: BlocEntry):
    kinds = {c.id: c.kind for c in pledge.criteria}
    return sums(
        entry.member_id, [(kinds[s.criterion_id], s.points) for s in entry.scores], entry.votes_yes
    )


def may_check(user: User, pledge: BlocPledge, entry: BlocEntry, day: date) -> bool:
    if access.is_head(user, pledge.grouping, day):
        return True
    if not pledge.rules.get("peer_check"):
        return False
    own = access.own_entry(user, pledge, day)
    return own is not None and own.id != entry.id


def check(
    session: Session,
    user: User,
    pledge: BlocPledge,
    entry: BlocEntry,
    action: object,
    reason: object,
    today: date,
) -> BlocEntry:
    """Accept a member's score, or return it with a reason."""
    day = day_in_year(pledge.year, today)
    if not may_check(user, pledge, entry, day):
        message = N_(
            "Chỉ Trưởng khối (và các thành viên khác, nếu quy chế cho phép) được chấm chéo"
        )
        raise Forbidden("bloc_check_not_allowed", message)
    _check_status(pledge, PledgeStatus.SCORING)
    errors: dict[str, str] = {}
    if action not in (ACCEPT, RETURN):
        errors["action"] = N_("phải là một trong: %(choices)s", choices=f"{ACCEPT}, {RETURN}")
    text = reason.strip() if isinstance(reason, str) else ""
    if reason is not None and not isinstance(reason, str):
        errors["reason"] = N_("phải là văn bản")
    elif len(text) > REASON_MAX:
        errors["reason"] = N_("tối đa %(most)s ký tự", most=REASON_MAX)
    elif action == RETURN and not text:
        errors["reason"] = N_("bắt buộc nhập lý do khi trả lại điểm")
    elif text and (bad := problem(text, multiline=True)) is not None:
        errors["reason"] = bad
    if errors:
        raise ValidationFailed("invalid_bloc_check", errors)
    if entry.status != EntryStatus.SUBMITTED:
        raise Conflict("bloc_score_not_sent", N_("Đơn vị chưa gửi điểm tự chấm để chấm chéo"))
    if action == RETURN:
        entry.status, entry.return_reason = EntryStatus.RETURNED, text
        audit.record(session, pledge, user, BlocAction.SCORE_RETURNED, entry.member_id, reason=text)
    else:
        entry.status = EntryStatus.CHECKED
        audit.record(session, pledge, user, BlocAction.SCORE_ACCEPTED, entry.member_id, reason=text)
    return entry
