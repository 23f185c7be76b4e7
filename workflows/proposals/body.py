"""A proposal's body as filed through the web form or the API, checked field by field: every
problem is reported with the field it concerns, before anything is written."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from models import Award
from models.proposal import NAME_MAX, SUMMARY_MAX, TITLE_MAX
from workflows import plain_text
from workflows.awards import procedure
from workflows.errors import N_, Text, ValidationFailed

NOMINEES_MAX = 100
ACHIEVEMENTS_MAX = 10_000
GENDERS = ("male", "female")
REQUIRED = N_("bắt buộc nhập")
#: why an award of a ministry or of the State cannot be filed yet
NOT_FILEABLE_VI = N_("chưa hỗ trợ trình cấp Bộ/Trung ương")


@dataclass(frozen=True)
class ProposalInput:
    award_code: str
    year: int
    title: str
    summary: str
    nominees: list[dict]
    #: normal, or simplified for an award that allows it (workflows.awards.procedure)
    procedure: str = procedure.NORMAL
    #: the case of Law Art. 85 a simplified proposal relies on (workflows.awards.procedure)
    simplified_case: str | None = None


def clean_input(session: Session, data: object) -> ProposalInput:
    """Validate a proposal body; every problem is reported with the field it concerns."""
    if not isinstance(data, dict):
        raise ValidationFailed(
            "body_not_object",
            {"body": N_("phải là một đối tượng JSON ({...}), không phải mảng/giá trị")},
        )
    errors: dict[str, Text] = {}
    award = None
    code = data.get("award_code")
    if not isinstance(code, str) or not code.strip():
        errors["award_code"] = REQUIRED
    else:
        award = session.get(Award, code.strip())
        if award is None:
            errors["award_code"] = N_(
                "không có loại khen thưởng '%(code)s'", code=code.strip()[:40]
            )
    year = data.get("year")
    if isinstance(year, str) and year.strip().isascii() and year.strip().isdigit():
        year = int(year)
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        errors["year"] = N_("phải là năm từ %(first)s đến %(last)s", first=2000, last=2100)
    title = _text(data, "title", TITLE_MAX, errors, required=True)
    summary = _text(data, "summary", SUMMARY_MAX, errors, required=True, multiline=True)
    nominees = _nominees(data.get("nominees"), award, errors)
    chosen = procedure.clean(data, award, errors)
    case = procedure.clean_case(data, chosen, errors)
    check_fileable(award, errors)
    # (with no error, there is an award and the year is an int)
    if errors or award is None or not isinstance(year, int):
        raise ValidationFailed("invalid_proposal", errors)
    return ProposalInput(award.code, year, title, summary, nominees, chosen, case)


def _text(
    data: dict, key: str, limit: int, errors: dict, required: bool = False, multiline: bool = False
) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[key] = N_("phải là chuỗi ký tự")
        return ""
    value = value.strip()
    # Fits every length check, but no PostgreSQL column stores NUL and no .xlsx cell \x01.
    wrong = plain_text.problem(value, multiline)
    if wrong is not None:
        errors[key] = wrong
    elif required and not value:
        errors[key] = REQUIRED
    elif len(value) > limit:
        errors[key] = N_("dài quá %(max)s ký tự (%(length)s)", max=limit, length=len(value))
    return value


def _nominees(raw: object, award: Award | None, errors: dict) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        errors["nominees"] = N_("cần ít nhất một người/tập thể được đề nghị")
        return []
    if len(raw) > NOMINEES_MAX:
        errors["nominees"] = N_("tối đa %(max)s người/tập thể trong một hồ sơ", max=NOMINEES_MAX)
        return []
    cleaned = []
    for i, item in enumerate(raw):
        prefix = f"nominees[{i}]"
        if not isinstance(item, dict):
            errors[prefix] = N_("phải là một đối tượng")
            continue
        sub: dict[str, Text] = {}
        nominee = {
            "name": _text(item, "name", NAME_MAX, sub, required=True),
            "job_title": _text(item, "job_title", NAME_MAX, sub),
            "unit_name": _text(item, "unit_name", 255, sub),
            "achievements": _text(item, "achievements", ACHIEVEMENTS_MAX, sub, multiline=True),
            "kind": award.target if award else "person",
            "gender": None,
            "username": _text(item, "username", 64, sub) or None,
            "is_leader": False,
        }
        is_leader = item.get("is_leader", False)
        if is_leader is not None and not isinstance(is_leader, bool):
            sub["is_leader"] = N_("phải là true hoặc false")
        elif award is not None and award.target == "person":
            # Leaders vs front-line is a split of persons; a collective has no such flag.
            nominee["is_leader"] = bool(is_leader)
        kind = item.get("kind")
        if kind not in (None, "") and award is not None and kind != award.target:
            sub["kind"] = N_("loại khen thưởng này dành cho '%(target)s'", target=award.target)
        gender = item.get("gender")
        if gender not in (None, ""):
            if gender not in GENDERS:
                sub["gender"] = N_("phải là 'male' hoặc 'female'")
            elif award is not None and award.target == "person":
                nominee["gender"] = gender
        errors.update({f"{prefix}.{k}": v for k, v in sub.items()})
        cleaned.append(nominee)
    return cleaned


def check_fileable(award: Award | None, errors: dict[str, Text]) -> None:
    """Ministry and state awards are in the catalogue, but the chain stops at the province."""
    if award is not None and not award.fileable:
        errors["award_code"] = N_(
            "%(award)s do %(decider)s quyết định: hệ thống %(missing)s, "
            "chưa lập được hồ sơ loại này",
            award=award.name_vi,
            decider=award.decided_by_vi,
            missing=NOT_FILEABLE_VI,
        )
