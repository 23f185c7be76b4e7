"""Any values in the web forms (proposal, task step, login): a page or a redirect, never a 500;
a refused form writes nothing. Property-based, bounded, derandomised: EXAMPLES per form."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.world import PASSWORD, holder

# Stress: each test drives hypothesis through a form.
pytestmark = pytest.mark.slow

WORLD_CASES = [("sotttt", 0), ("sotttt", 3)]
WORLD_CONFIG = {"LOGIN_MAX_FAILURES": 1_000_000}
#: per form: 20 in `make test`, 100 in `make test-deep` (the profiles of tests/conftest.py)
EXAMPLES = settings.default.max_examples
#: the loaded profile: bounded, derandomised, no example database
SETTINGS = settings()

texts = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", " ", "0", "-1", "2025", "99999999999999999999", "1e9", "NaN", "x" * 300]),
    st.sampled_from(["a\x00b", "\x00", "dòng 1\r\ndòng 2\x00"]),  # NUL: PostgreSQL refuses it
    st.sampled_from(["a\x01b", "\x7f", "²", "١٢"]),  # no .xlsx cell holds \x01; isdigit() lies
)
NOMINEE_FIELDS = ["name", "job_title", "unit_name", "gender", "achievements", "is_leader"]
PROPOSAL_FORM = {
    "award_code": "CO_THI_DUA_TINH",
    "year": "2025",
    "title": "Hồ sơ thử",
    "summary": "Tóm tắt",
    "nominees-0-name": "Phòng Công nghệ thông tin",
    "save": "1",
}
PROPOSAL_KEYS = [
    *PROPOSAL_FORM,
    "org",
    "movement",
    "add_row",
    "save_submit",
    *(f"nominees-{i}-{f}" for i in range(3) for f in NOMINEE_FIELDS),
]
LOGIN_FORM = {"username": "vanthu.cntt", "password": PASSWORD}


def forms(keys: list[str], good: dict):
    anything = st.dictionaries(st.sampled_from(keys), texts, max_size=len(keys))
    one_wrong = st.builds(lambda key, value: {**good, key: value}, st.sampled_from(keys), texts)
    dropped = st.builds(
        lambda key: {k: v for k, v in good.items() if k != key}, st.sampled_from(sorted(good))
    )
    return st.one_of(anything, one_wrong, dropped, st.just(good))


def run(world, browser, url: str, keys: list[str], good: dict, counted: tuple[str, ...] = ()):
    """`browser` is a logged-in test client, or a callable giving a new one per example."""
    statuses = []

    @SETTINGS
    @given(data=forms(keys, good))
    def check(data):
        before = world.mark()
        client = browser() if callable(browser) else browser
        response = client.post(url, data=data)
        statuses.append(response.status_code)
        assert response.status_code < 500, (data, response.get_data(as_text=True)[:300])
        if response.status_code >= 400:
            assert world.written(before) - set(counted) == set(), data
        else:
            world.restore()

    check()
    print(f"hypothesis: {url}: {len(statuses)} forms tried")  # shown with pytest -s
    assert any(s >= 400 for s in statuses) and any(s < 400 for s in statuses), set(statuses)
    return statuses


@pytest.fixture(scope="module")
def nominator(world):
    return world.web("vanthu.cntt")


def test_the_new_proposal_form(world, nominator):
    run(world, nominator, "/proposals/new", PROPOSAL_KEYS, PROPOSAL_FORM)


def test_the_edit_form(world, nominator):
    draft = world.cases[("sotttt", 0)]
    run(world, nominator, f"/proposals/{draft.id}/edit", PROPOSAL_KEYS, PROPOSAL_FORM)


def test_the_council_step_form(world):
    """A council member's ballot page: one radio group per nominee ("choice-<id>")."""
    council = world.cases[("sotttt", 3)]
    choices = [f"choice-{n}" for n in council.nominee_ids]
    good = {"action": "vote", **dict.fromkeys(choices, "yes")}
    browser, url = world.web(holder("dept_council", "sotttt")), f"/tasks/{council.task_id}"
    run(world, browser, url, ["action", *choices, "comment", "choice-987654"], good)
    # A ballot without a choice, or with one that is not yes/no: refused next to the nominee.
    for data, message in [
        ({"action": "vote"}, "bắt buộc chọn đồng ý hoặc không đồng ý"),
        ({**good, choices[0]: "có lẽ"}, "phải là yes (đồng ý) hoặc no (không đồng ý)"),
        ({**good, "choice-987654": "yes"}, "không có người/tập thể này trong phiếu bầu"),
    ]:
        before = world.mark()
        response = browser.post(url, data=data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
        assert world.written(before) == set(), data


def test_the_login_form(world):
    statuses = run(
        world, world.app.test_client, "/login", ["username", "password", "next"], LOGIN_FORM,
        counted=("login_attempt", "login_throttle"),
    )  # fmt: skip
    assert set(statuses) <= {302, 400, 401}
