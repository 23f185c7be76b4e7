"""The steps of a bloc's year, by name: the diagram's user task each is, and the bloc's service
that does it (pledges, scoring, ballot, election). The kinds (workflows.blocs.case) run these
when a case's step completes; the bloc's pages and API name them (workflows.blocs.flow)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from models import BlocEntry, BlocPledge, User
from workflows.blocs import ballot, election, pledges, scoring
from workflows.cases.kinds import REASON
from workflows.process.forms import Field

Run = Callable[[Session, User, BlocPledge, "BlocEntry | None", str, Mapping[str, Any], date], Any]


@dataclass(frozen=True)
class Step:
    name: str
    #: the user task of bpmn/bloc_scoring.bpmn (the year) or bpmn/bloc_score.bpmn (a score)
    bpmn_id: str
    #: whose case: "bloc_year" or "bloc_score"
    case_kind: str
    #: the step is about one member's entry (its signature, its score, its ballot)
    per_member: bool
    #: the member itself acts (its Director); else the head (or a peer cross-checking)
    own: bool
    run: Run
    #: the case action a request of the bloc's pages and API stands for
    action: Callable[[Mapping[str, Any]], object]
    fields: tuple[Field, ...] = ()


def _sign(session, user, pledge, entry, action, sent, day):
    return pledges.sign(session, user, pledge, day)


def _open_scoring(session, user, pledge, entry, action, sent, day):
    return pledges.open_scoring(session, user, pledge, day)


def _self_score(session, user, pledge, entry, action, sent, day):
    return scoring.self_score(session, user, pledge, sent.get("scores"), day)


def _check(session, user, pledge, entry, action, sent, day):
    verdict = scoring.ACCEPT if action == "approve" else action
    return scoring.check(session, user, pledge, entry, verdict, sent.get("reason"), day)


def _open_ballot(session, user, pledge, entry, action, sent, day):
    return ballot.open_ballot(session, user, pledge, day)


def _cast(session, user, pledge, entry, action, sent, day):
    choices = "absent" if action == "absent" else sent.get("choices")
    return ballot.cast(session, user, pledge, choices, day)


def _close(session, user, pledge, entry, action, sent, day):
    return ballot.close(session, user, pledge, day)


def _elect(session, user, pledge, entry, action, sent, day):
    return election.elect(session, user, pledge, sent.get("head"), sent.get("deputy"), day)


def _always(action: str) -> Callable[[Mapping[str, Any]], object]:
    return lambda sent: action


def _check_action(sent: Mapping[str, Any]) -> object:
    # The bloc's words (accept/return) in the case's (approve/return).
    verdict = sent.get("action")
    return "approve" if verdict == scoring.ACCEPT else verdict


def _ballot_action(sent: Mapping[str, Any]) -> object:
    return "absent" if sent.get("choices") == "absent" else "vote"


YEAR, SCORE = "bloc_year", "bloc_score"
STEPS: dict[str, Step] = {
    s.name: s
    for s in (
        Step("sign", "sign_pledge", YEAR, True, True, _sign, _always("submit")),
        Step("open_scoring", "open_scoring", YEAR, False, False, _open_scoring, _always("approve")),
        Step("scores", "self_score", SCORE, True, True, _self_score, _always("submit")),
        Step("check", "cross_check", SCORE, True, False, _check, _check_action, (REASON,)),
        Step("open_ballot", "open_ballot", YEAR, False, False, _open_ballot, _always("approve")),
        Step("vote", "cast_ballot", YEAR, True, True, _cast, _ballot_action),
        Step("close_ballot", "close_ballot", YEAR, False, False, _close, _always("approve")),
        Step("elect", "elect_heads", YEAR, False, False, _elect, _always("submit")),
    )
}
_BY_BPMN = {s.bpmn_id: s for s in STEPS.values()}


def by_bpmn(bpmn_id: str) -> Step:
    return _BY_BPMN[bpmn_id]
