"""The English catalogue is complete, and the pages, forms and diagram texts use it."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from lxml import etree

from tests.support.pages import complete_and_submit
from webapp.labels import DATA_TEXT
from workflows.process.forms import ACTION_LABELS, FORMS, fields_for

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "webapp" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


def catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def source_messages() -> set[str]:
    """What `make messages` extracts from webapp/ and workflows/ (the same keywords and
    mapping)."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "N_": None}
    found = set()
    for folder in ("webapp", "workflows"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / folder), method_map=method_map, keywords=keywords
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_of_the_sources_has_an_english_translation():
    translated = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalogue() if m.id}
    missing = sorted(source_messages() - set(translated))
    assert not missing, f"not in messages.po (run make messages): {missing}"
    empty = sorted(k for k, m in translated.items() if not _complete(m.string))
    assert not empty, f"no English yet: {empty}"
    assert not [k for k, m in translated.items() if m.fuzzy], "fuzzy entries are not shown"


def test_make_messages_keeps_every_translation_of_the_catalogue():
    # `make messages` marks obsolete whatever it does not extract: a message built outside
    # N_/_ (the dossier's missing documents once) lost its English that way.
    kept = {(m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalogue() if m.id}
    dropped = sorted(kept - source_messages())
    assert not dropped, f"make messages would drop these (mark them, or remove them): {dropped}"


def _complete(string) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def test_the_diagram_and_the_step_forms_are_listed_for_translation():
    tree = etree.parse(str(ROOT / "bpmn" / "proposal.bpmn"))
    texts = set()
    for task in tree.iter(f"{BPMN}userTask"):
        texts.add(task.get("name"))
        texts.update(i.text for i in task.iter(f"{SPIFF}instructionsForEndUser"))
    texts.update(ACTION_LABELS.values())
    texts.update(f.label for name in FORMS for f in fields_for(name))
    assert texts - set(DATA_TEXT) == set()


def test_english_pages_translate_labels_and_diagram_text_but_keep_vietnamese_dates(login_as):
    nominator = login_as("vanthu.cntt")
    nominator.post("/language", data={"lang": "en", "next": "/"})
    form = nominator.get("/proposals/new").get_data(as_text=True)
    for english in (
        "Award year",
        "Paste from a spreadsheet",
        "Pick someone of the unit",
        "Save and submit",
        "Full name / collective",
    ):
        assert english in form
    pasted = nominator.post(
        "/proposals/new",
        data={
            "award_code": "LDTT",
            "year": "2025",
            "title": "T",
            "summary": "S",
            "paste": "Vi Văn Tú\t\t\tkhác",
            "add_pasted": "1",
        },
    ).get_data(as_text=True)
    assert "Line 1 (Vi Văn Tú): gender “khác” must be Nam or Nữ" in pasted

    saved = nominator.post(
        "/proposals/new",
        data={
            "award_code": "LDTT",
            "year": "2025",
            "title": "LĐTT 2025",
            "summary": "S",
            "nominees-0-name": "Nguyễn Văn An",
            "save": "1",
        },
    )
    complete_and_submit(nominator, int(saved.headers["Location"].rsplit("/", 1)[1]))
    head = login_as("truongphong.cntt")
    head.post("/language", data={"lang": "en", "next": "/"})
    inbox = head.get("/").get_data(as_text=True)
    assert ">Unit head signs off</a>" in inbox
    assert "Review the unit’s proposal and sign it off" in inbox
    assert "Trưởng đơn vị ký xác nhận" not in inbox
    assert re.search(r"<td>\d\d/\d\d/\d{4} \d\d:\d\d</td>", inbox)  # dd/mm/yyyy stays
    task_id = re.search(r'href="/tasks/(\d+)"', inbox).group(1)
    task = head.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Approve" in task and "Return for revision" in task and "Comment / reason" in task
