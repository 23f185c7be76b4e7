"""The facts about a person the award criteria read: recruitment date, post, leader or not,
gender, the group of similar tasks the HTXSNV cap counts in (issue 20, points 1 and 4). One
validation for the import, the history pages and the API.

LĐTT needs six months of service by the end of the year (Law 06/2022 Art. 24), so a registry
without recruitment dates fails every imported person; the date is therefore writable wherever
a person is, with the same words for what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from models import Person
from workflows.errors import N_, ValidationFailed
from workflows.search_text import fold

GENDERS = ("male", "female")
GENDER_WORDS = {"nam": "male", "male": "male", "nu": "female", "female": "female"}
JOB_TITLE_MAX = 120
#: no one in the registry was recruited before this day
EARLIEST = date(1945, 9, 2)
LEADER_WORDS = {"co": True, "x": True, "1": True, "true": True, "yes": True, "lanh dao": True}
NOT_LEADER_WORDS = {"khong": False, "0": False, "false": False, "no": False, "-": False}

LABELS = {
    "recruited_on": N_("Ngày tuyển dụng"),
    "job_title": N_("Chức vụ"),
    "is_leader": N_("Lãnh đạo"),
    "gender": N_("Giới tính"),
    "task_group": N_("Nhóm nhiệm vụ tương đồng"),
}
TASK_GROUP_MAX = 80


@dataclass(frozen=True)
class Changes:
    """What to set; a field left out (None for the whole value) is not changed."""

    values: dict


def parse(raw: dict, today: date) -> Changes:
    """Check each field given (API JSON or a form's strings) and say what is wrong with each.

    recruited_on: dd/mm/yyyy or yyyy-mm-dd, or "" / null to clear it; never in the future.
    job_title: text up to 120 characters. is_leader: true/false, "có"/"không".
    gender: male/female, "nam"/"nữ", or "" / null when unknown.
    """
    wrong: dict = {}
    out: dict = {}
    if "recruited_on" in raw:
        value = raw["recruited_on"]
        if value in (None, ""):
            out["recruited_on"] = None
        else:
            day = day_of(value)
            if day is None:
                wrong["recruited_on"] = N_(
                    "'%(value)s' không phải ngày dạng dd/mm/yyyy", value=str(value)[:40]
                )
            elif day > today:
                wrong["recruited_on"] = N_(
                    "ngày tuyển dụng %(day)s ở sau hôm nay", day=f"{day:%d/%m/%Y}"
                )
            elif day < EARLIEST:
                wrong["recruited_on"] = N_(
                    "ngày tuyển dụng %(day)s trước năm 1945", day=f"{day:%d/%m/%Y}"
                )
            else:
                out["recruited_on"] = day
    if "job_title" in raw:
        text = " ".join(str(raw["job_title"] or "").split())
        if len(text) > JOB_TITLE_MAX:
            wrong["job_title"] = N_("dài quá %(max)s ký tự", max=JOB_TITLE_MAX)
        else:
            out["job_title"] = text
    if "task_group" in raw:
        text = " ".join(str(raw["task_group"] or "").split())
        if len(text) > TASK_GROUP_MAX:
            wrong["task_group"] = N_("dài quá %(max)s ký tự", max=TASK_GROUP_MAX)
        else:
            out["task_group"] = text
    if "is_leader" in raw:
        value = raw["is_leader"]
        if isinstance(value, bool):
            out["is_leader"] = value
        else:
            word = fold(str(value or "")).strip()
            flag = LEADER_WORDS.get(word, NOT_LEADER_WORDS.get(word) if word else False)
            if flag is None:
                wrong["is_leader"] = N_("'%(value)s': ghi 'có' hoặc 'không'", value=str(value)[:40])
            else:
                out["is_leader"] = flag
    if "gender" in raw:
        value = raw["gender"]
        word = fold(str(value or "")).strip()
        if not word:
            out["gender"] = None
        elif word in GENDER_WORDS:
            out["gender"] = GENDER_WORDS[word]
        else:
            wrong["gender"] = N_("'%(value)s': ghi 'nam' hoặc 'nữ'", value=str(value)[:40])
    if wrong:
        raise ValidationFailed("person_facts_invalid", wrong)
    return Changes(out)


def apply(person: Person, changes: Changes) -> None:
    for name, value in changes.values.items():
        setattr(person, name, value)


def as_dict(person: Person) -> dict:
    return {
        "id": person.id,
        "full_name": person.full_name,
        "staff_code": person.staff_code,
        "unit": person.org.code,
        "recruited_on": person.recruited_on.isoformat() if person.recruited_on else None,
        "job_title": person.job_title,
        "is_leader": person.is_leader,
        "gender": person.gender,
        "task_group": person.task_group,
    }


def parse_day(value: str | None, field: str) -> date | None:
    """An optional date of a query (yyyy-mm-dd or dd/mm/yyyy); 400 naming `field` if bad."""
    if value in (None, ""):
        return None
    day = day_of(value)
    if day is None:
        wrong = N_("'%(value)s' không phải ngày dạng dd/mm/yyyy", value=str(value)[:40])
        raise ValidationFailed("invalid_date", {field: wrong})
    return day


def day_of(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
