"""The administrator's pages: versions, the proposals on one, preview, a confirmed move."""

from __future__ import annotations

import re

from sqlalchemy import select

from models import AuditEvent
from tests.support import versions as changed


def _token(html: str) -> str:
    return re.search(r'name="form_once" value="([^"]+)"', html)[1]


def test_an_administrator_moves_running_proposals_with_a_preview(api, login_as, session, tmp_path):
    nominator = api("vanthu.cntt")
    moving = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{moving}/submit")
    target = changed.register(session, changed.renamed_signoff(tmp_path))
    gone = changed.register(session, changed.without_signoff(tmp_path / "gone"))
    session.commit()
    admin = login_as("quantri")

    page = admin.get("/admin/processes/").get_data(as_text=True)
    assert f'data-version="{target.id}"' in page and f'data-version="{gone.id}"' in page
    # The version the proposal started on: the one the server runs, marked in use.
    old_version = int(re.search(r'data-version="(\d+)">\s*<td>#\d+ <span', page)[1])
    listing = admin.get(f"/admin/processes/versions/{old_version}").get_data(as_text=True)
    assert changed.SIGNOFF_NAME in listing and f'value="{moving}"' in listing

    # The version without the step: refused in the preview, with the reason and no button.
    refused = admin.get(
        f"/admin/processes/preview?from={old_version}&to={gone.id}&proposal={moving}"
    ).get_data(as_text=True)
    assert "step_missing_in_version" in refused and "form_once" not in refused

    preview = admin.get(
        f"/admin/processes/preview?from={old_version}&to={target.id}&proposal={moving}"
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and changed.RENAMED in html
    form = {"to": target.id, "proposal": [moving], "form_once": _token(html)}
    done = admin.post("/admin/processes/migrate", data=form)
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/admin/processes/versions/{target.id}")
    result = admin.get(done.headers["Location"]).get_data(as_text=True)
    assert "Đã chuyển 1 hồ sơ" in result and f'value="{moving}"' in result
    # The same confirmation again does not act twice (one-time token).
    admin.post("/admin/processes/migrate", data=form)
    session.rollback()
    moves = session.scalars(
        select(AuditEvent).where(
            AuditEvent.proposal_id == moving, AuditEvent.action == "version_migrated"
        )
    ).all()
    assert len(moves) == 1


def test_the_pages_are_for_administrators_only(login_as):
    head = login_as("truongphong.cntt")
    for path in ("/admin/processes/", "/admin/processes/versions/1"):
        assert head.get(path).status_code == 403
    assert head.post("/admin/processes/migrate", data={"to": 1, "proposal": 1}).status_code == 403
