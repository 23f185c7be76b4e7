"""Building a person's or a unit's history row by row, and plain stand-ins for a nominee.

The nominee and proposal passed to workflows.eligibility.checks.check are plain stand-ins: the
check reads only their award, year and links to the registry, so the criteria are tested without
walking a proposal through the chain (tests/eligibility/test_forwarding.py does that).
"""

from __future__ import annotations

import itertools
from datetime import date
from types import SimpleNamespace

from sqlalchemy import select

from models import AwardRecord, Initiative, Organisation, Person, YearRecord

YEAR = 2025
#: a day the rule set of Decree 152/2025 is in force
IN_FORCE = date(2025, 12, 1)
_numbers = itertools.count(1)


class History:
    """Rows of the registry for one test; every method flushes."""

    def __init__(self, session):
        self.session = session
        self.department = session.scalar(select(Organisation).where(Organisation.code == "sotttt"))

    def unit(self, parent: Organisation | None = None) -> Organisation:
        n = next(_numbers)
        org = Organisation(
            code=f"test-unit-{n}",
            name=f"Đơn vị thử {n}",
            short_name=f"ĐV {n}",
            kind="unit",
            parent_id=(parent or self.department).id,
        )
        return self._add(org)

    def person(self, unit: Organisation | None = None, recruited=date(2015, 3, 1)) -> Person:
        n = next(_numbers)
        unit = unit or self.unit()
        name = f"Cán bộ thử {n}"
        return self._add(
            Person(org_id=unit.id, full_name=name, name_key=name.lower(), recruited_on=recruited)
        )

    def year(self, *, person=None, org=None, year=YEAR, rating="tot", **flags) -> YearRecord:
        return self._add(
            YearRecord(
                person_id=person.id if person else None,
                org_id=org.id if org else None,
                year=year,
                rating=rating,
                **flags,
            )
        )

    def award(self, code: str, *, person=None, org=None, year=YEAR, one_off=False):
        subject = person.full_name if person else org.name
        return self._add(
            AwardRecord(
                person_id=person.id if person else None,
                org_id=org.id if org else None,
                subject_name=subject,
                year=year,
                award_code=code,
                one_off=one_off,
            )
        )

    def initiative(self, person: Person, *, year=YEAR, scope="co_so", recognised=None):
        n = next(_numbers)
        return self._add(
            Initiative(
                title=f"Sáng kiến thử {n}",
                person_id=person.id,
                org_id=person.org_id,
                year=year,
                decision_no=f"{n}/QĐ-SK",
                recognised_on=recognised or date(year, 6, 1),
                scope=scope,
            )
        )

    def _add(self, row):
        self.session.add(row)
        self.session.flush()
        return row


def nominee_of(subject) -> SimpleNamespace:
    if isinstance(subject, Person):
        return SimpleNamespace(
            id=None, name=subject.full_name, kind="person", status="active",
            person_id=subject.id, subject_org_id=None,
        )  # fmt: skip
    if isinstance(subject, Organisation):
        return SimpleNamespace(
            id=None, name=subject.name, kind="collective", status="active",
            person_id=None, subject_org_id=subject.id,
        )  # fmt: skip
    kind = subject  # "person" or "collective" without a link to the registry
    return SimpleNamespace(
        id=None, name="Chưa liên kết", kind=kind, status="active",
        person_id=None, subject_org_id=None,
    )  # fmt: skip
