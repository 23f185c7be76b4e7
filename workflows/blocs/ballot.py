"""The bloc meets and votes: once every score is checked, the head opens a secret ballot on the
proposed ranking; each member's Director answers once, agreeing or not with each member's place
(or says the member is absent); the head closes it. Quorum and threshold are the bloc's rules
(dated data, applied as the councils' ballots apply theirs, workflows.council.rules); a ballot
without quorum is refused and nothing of the closing is written, so more members may still vote.

Secrecy as in the councils: only the counts per member (votes_yes, votes_no) and who answered
(bloc_voter) are kept, never who voted what."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    BlocAction,
    BlocEntry,
    BlocPledge,
    BlocVoter,
    EntryStatus,
    PledgeStatus,
    User,
)
from workflows.blocs import access, audit
from workflows.blocs.pledges import _check_status, day_in_year
from workflows.blocs.ranking import endorsements, rank
from workflows.blocs.rules import ballot_rule, from_json
from workflows.blocs.scoring import totals
from workflows.errors import N_, Conflict, ValidationFailed

YES, NO = "yes", "no"


def open_ballot(session: Session, user: User, pledge: BlocPledge, today: date) -> None:
    access.check_head(user, pledge.grouping, day_in_year(pledge.year, today))
    _check_status(pledge, PledgeStatus.SCORING)
    waiting = [e.member.short_name for e in pledge.entries if e.status != EntryStatus.CHECKED]
    if waiting:
        message = N_("Còn đơn vị chưa được chấm chéo xong: %(names)s", names=", ".join(waiting))
        raise Conflict("bloc_scores_unchecked", message)
    provisional(pledge)
    pledge.status = PledgeStatus.VOTING
    pledge.ballot_members = len(pledge.entries)
    pledge.ballot_present = pledge.ballot_absent = 0
    for entry in pledge.entries:
        entry.votes_yes = entry.votes_no = 0
    audit.record(
        session,
        pledge,
        user,
        BlocAction.BALLOT_OPENED,
        members=pledge.ballot_members,
        rule=ballot_rule(from_json(pledge.rules)).describe(),
    )


def provisional(pledge: BlocPledge) -> None:
    """Totals and ranks from the checked scores (the ballot's votes not counted yet)."""
    rule = from_json(pledge.rules)
    by_member = {e.member_id: e for e in pledge.entries}
    for s, place, _ in rank([totals(pledge, e) for e in pledge.entries], rule.tie_break):
        by_member[s.member_id].total, by_member[s.member_id].rank = s.total, place


def clean_choices(pledge: BlocPledge, raw: object) -> dict[int, str] | None:
    """{member id: yes|no} for every member, or None when the voter says it is absent."""
    if raw == "absent":
        return None
    if not isinstance(raw, dict):
        raise ValidationFailed(
            "invalid_bloc_ballot",
            {"choices": N_('phải ghi ý kiến (yes/no) cho từng đơn vị, hoặc "absent"')},
        )
    out: dict[int, str] = {}
    errors: dict[str, str] = {}
    for entry in pledge.entries:
        value = raw.get(str(entry.member_id), raw.get(entry.member.code))
        if value not in (YES, NO):
            errors[f"choices.{entry.member.code}"] = N_("phải là yes hoặc no")
        else:
            out[entry.member_id] = value
    if errors:
        raise ValidationFailed("invalid_bloc_ballot", errors)
    return out


def cast(session: Session, user: User, pledge: BlocPledge, raw: object, today: date) -> None:
    """One answer per member (its Director): the counts grow, the choices are not kept."""
    entry = access.check_member(user, pledge, day_in_year(pledge.year, today))
    _check_status(pledge, PledgeStatus.VOTING)
    choices = clean_choices(pledge, raw)
    voted = session.scalar(
        select(BlocVoter.id).where(
            BlocVoter.pledge_id == pledge.id, BlocVoter.member_id == entry.member_id
        )
    )
    if voted is not None:
        raise Conflict("bloc_already_voted", N_("Đơn vị đã bỏ phiếu"))
    session.add(
        BlocVoter(
            pledge_id=pledge.id,
            member_id=entry.member_id,
            user_id=user.id,
            present=choices is not None,
        )
    )
    if choices is None:
        pledge.ballot_absent += 1
    else:
        pledge.ballot_present += 1
        for e in pledge.entries:
            if choices[e.member_id] == YES:
                e.votes_yes += 1
            else:
                e.votes_no += 1
    audit.record(session, pledge, user, BlocAction.BALLOT_CAST, entry.member_id)
    session.flush()


def close(session: Session, user: User, pledge: BlocPledge, today: date) -> list[BlocEntry]:
    """The head closes the ballot: quorum, the threshold per member, the final ranking with the
    rules' tie-break, and the endorsements of the leading members who passed. Returns the
    endorsed entries."""
    access.check_head(user, pledge.grouping, day_in_year(pledge.year, today))
    _check_status(pledge, PledgeStatus.VOTING)
    rule = from_json(pledge.rules)
    ballot = ballot_rule(rule)
    members, present = pledge.ballot_members, pledge.ballot_present
    if not ballot.quorum_met(present, members):
        message = N_(
            "Không đủ túc số: %(present)s/%(members)s đơn vị tham gia bỏ phiếu (%(rule)s)",
            present=present,
            members=members,
            rule=ballot.describe(),
        )
        raise Conflict("bloc_ballot_no_quorum", message)
    by_member = {e.member_id: e for e in pledge.entries}
    ranked = rank([totals(pledge, e) for e in pledge.entries], rule.tie_break)
    order = []
    broken = {}
    for s, place, key in ranked:
        entry = by_member[s.member_id]
        entry.total, entry.rank = s.total, place
        if key:
            broken[entry.member.code] = key
        if ballot.passes(entry.votes_yes, present, members):
            order.append((s.member_id, place))
    given = endorsements(order, rule.endorse)
    for entry in pledge.entries:
        entry.endorsed_for = given.get(entry.member_id)
    pledge.status = PledgeStatus.RANKED
    pledge.ranked_on = today
    audit.record(
        session,
        pledge,
        user,
        BlocAction.RANKED,
        present=present,
        absent=pledge.ballot_absent,
        members=members,
        ranking=[
            {"member": by_member[s.member_id].member.code, "total": s.total, "rank": place}
            for s, place, _ in ranked
        ],
        tie_broken_by=broken,
        endorsed={by_member[m].member.code: award for m, award in given.items()},
    )
    return [e for e in pledge.entries if e.endorsed_for]
