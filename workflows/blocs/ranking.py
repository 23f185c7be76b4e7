"""The ranking: a member's total is its criteria plus its bonus less its penalty; members with
the same total are ordered by the rules' tie-break keys in their order (BlocRule.tie_break);
members equal on every key share a rank (1, 2, 2, 4). The leading members, in rank order, are
endorsed for the awards the rules name, as many per award as they say."""

from __future__ import annotations

from dataclasses import dataclass

from models import CriterionKind


@dataclass(frozen=True)
class Sums:
    member_id: int
    criteria: int
    bonus: int
    penalty: int
    votes: int

    @property
    def total(self) -> int:
        return self.criteria + self.bonus - self.penalty


def sums(member_id: int, lines: list[tuple[str, int]], votes: int) -> Sums:
    """`lines`: (criterion kind, points) of the member's scores."""
    by_kind = {kind: 0 for kind in CriterionKind}
    for kind, points in lines:
        by_kind[CriterionKind(kind)] += points
    return Sums(
        member_id,
        by_kind[CriterionKind.CRITERION],
        by_kind[CriterionKind.BONUS],
        by_kind[CriterionKind.PENALTY],
        votes,
    )


def _key(s: Sums, tie_break: tuple[str, ...]) -> tuple[int, ...]:
    # Smaller sorts first: the better value is negated, except penalty (fewer is better).
    better = {"criteria": -s.criteria, "bonus": -s.bonus, "penalty": s.penalty, "votes": -s.votes}
    return (-s.total, *(better[k] for k in tie_break))


def rank(members: list[Sums], tie_break: tuple[str, ...]) -> list[tuple[Sums, int, str | None]]:
    """(sums, rank, the tie-break key that placed it below the one before, if a tie was broken)."""
    ordered = sorted(members, key=lambda s: _key(s, tie_break))
    out: list[tuple[Sums, int, str | None]] = []
    for n, s in enumerate(ordered):
        if n == 0:
            out.append((s, 1, None))
            continue
        before, _, _ = out[-1]
        if _key(before, tie_break) == _key(s, tie_break):
            out.append((s, out[-1][1], None))
            continue
        broken = None
        if before.total == s.total:
            keys = _key(before, tie_break)[1:], _key(s, tie_break)[1:]
            broken = next(k for k, a, b in zip(tie_break, *keys, strict=True) if a != b)
        out.append((s, n + 1, broken))
    return out


def endorsements(
    ranked: list[tuple[int, int]], endorse: tuple[tuple[str, int], ...]
) -> dict[int, str]:
    """member id -> award, for (member id, rank) in rank order of the members the ballot passed.
    A shared rank at the edge of an award's places is not split: neither gets the higher award."""
    out: dict[int, str] = {}
    queue = list(ranked)
    for award, count in endorse:
        taken = 0
        while queue and taken < count:
            member_id, place = queue[0]
            same = [m for m, p in queue if p == place]
            if taken + len(same) > count:
                break
            for m in same:
                out[m] = award
            queue = [(m, p) for m, p in queue if p != place]
            taken += len(same)
    return out
