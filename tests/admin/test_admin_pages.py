"""The administrators' pages (/admin/people): accounts, role assignments with dates, councils
per year, blocs and clusters; each change audited, each harmful one refused with its reason and
nothing written."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from models import AdminEvent, GroupingHead, GroupMembership, RoleAssignment, User
from workflows.deadlines.calendar import today

PASSWORD = "Mat-khau-moi-2026"


def _trail(session, action: str) -> list[AdminEvent]:
    session.rollback()  # a fresh snapshot: the app committed in its own session
    return list(session.scalars(select(AdminEvent).where(AdminEvent.action == action)))


def _count(session, model) -> int:
    session.rollback()  # a fresh snapshot: the app committed in its own session
    return session.scalar(select(func.count()).select_from(model))


def test_only_an_administrator_enters(login_as):
    pages = ("/admin/people/users", "/admin/people/councils", "/admin/people/groupings")
    for path in (*pages, "/admin/people/orgs/sotttt", "/admin/people/users/giamdoc.tttt"):
        assert login_as("giamdoc.tttt").get(path).status_code == 403
        assert login_as("quantri").get(path).status_code == 200


def test_create_a_user_then_find_them_and_give_a_role(login_as, session):
    admin = login_as("quantri")
    created = admin.post(
        "/admin/people/users",
        data={
            "username": "nguyen.moi",
            "full_name": "Nguyễn Văn Mới",
            "email": "moi@example.vn",
            "locale": "en",
            "password": PASSWORD,
        },
    )
    assert created.status_code == 302
    listing = admin.get("/admin/people/users?q=nguyen van moi").get_data(as_text=True)
    assert "nguyen.moi" in listing and "giamdoc.tttt" not in listing
    given = admin.post(
        "/admin/people/assignments",
        data={
            "username": "nguyen.moi",
            "role": "nominator",
            "org": "sotttt-cntt",
            "valid_from": today().isoformat(),
            "back": "user:nguyen.moi",
        },
    )
    assert given.status_code == 302 and given.location.endswith("/admin/people/users/nguyen.moi")
    answer = admin.get("/admin/people/users/nguyen.moi")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "Phòng Công nghệ thông tin" in page and f"valid_from: {today():%d/%m/%Y}" in page
    [event] = _trail(session, "role_assigned")
    assert event.detail["role"] == "nominator" and event.detail["org"] == "sotttt-cntt"
    assert _trail(session, "user_created")[0].detail["username"] == "nguyen.moi"


def test_a_weak_password_or_a_bad_username_is_refused_naming_the_field(login_as, session):
    before = _count(session, User)
    answer = login_as("quantri").post(
        "/admin/people/users",
        data={"username": "Ab", "full_name": "X", "password": "123"},
    )
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "Tên đăng nhập:" in text and "Mật khẩu: mật khẩu cần ít nhất 10 ký tự" in text
    assert _count(session, User) == before


def test_refusals_of_assignments_say_why_and_write_nothing(login_as, session):
    admin = login_as("quantri")
    before = (_count(session, RoleAssignment), _count(session, AdminEvent))
    cases = {
        # ends before it starts
        ("unit_head", "sotttt-cntt", "2026-05-01", "2026-04-30"): "trước ngày bắt đầu",
        # a unit role at a department
        ("unit_head", "sotttt", "2026-05-01", ""): "được giao tại tổ chức loại unit",
        # a council seat at a unit
        ("dept_council", "sotttt-cntt", "2026-05-01", ""): "loại department",
        ("director", "khong-co", "2026-05-01", ""): "Không có tổ chức mã",
    }
    for (role, org, start, end), reason in cases.items():
        answer = admin.post(
            "/admin/people/assignments",
            data={
                "username": "vanthu.cntt",
                "role": role,
                "org": org,
                "valid_from": start,
                "valid_to": end,
                "back": "user:vanthu.cntt",
            },
        )
        assert answer.status_code in (400, 404), (role, org)
        assert reason in answer.get_data(as_text=True), (role, org)
    assert (_count(session, RoleAssignment), _count(session, AdminEvent)) == before


def test_an_organisation_that_no_longer_exists_cannot_get_a_role(login_as, session):
    from models import Organisation

    org = session.scalar(select(Organisation).where(Organisation.code == "sotttt-bcvt"))
    org.valid_to = date(2025, 2, 28)
    session.commit()
    answer = login_as("quantri").post(
        "/admin/people/assignments",
        data={
            "username": "vanthu.cntt",
            "role": "nominator",
            "org": "sotttt-bcvt",
            "valid_from": "2026-01-01",
            "back": "org:sotttt-bcvt",
        },
    )
    assert answer.status_code == 400
    assert "chỉ tồn tại từ … đến 28/02/2025" in answer.get_data(as_text=True)


def test_the_last_administrator_can_be_neither_disabled_nor_closed(login_as, session):
    admin = login_as("quantri")
    own = session.scalar(
        select(RoleAssignment)
        .join(User)
        .where(User.username == "quantri", RoleAssignment.role_code == "admin")
    )
    answer = admin.post(
        f"/admin/people/assignments/{own.id}/close",
        data={"last_day": today().isoformat(), "back": "user:quantri"},
    )
    assert answer.status_code == 409
    assert "quản trị viên cuối cùng" in answer.get_data(as_text=True)
    # A second administrator, then the first may not disable himself but the other may.
    admin.post(
        "/admin/people/assignments",
        data={
            "username": "theodoi.btdkt",
            "role": "admin",
            "org": "dienbien",
            "valid_from": today().isoformat(),
        },
    )
    refused = admin.post("/admin/people/users/quantri/active", data={"active": "0"})
    assert refused.status_code == 403
    assert "Không thể tự khóa" in refused.get_data(as_text=True)
    session.rollback()  # a fresh snapshot: the app committed in its own session
    assert session.scalar(select(User.active).where(User.username == "quantri")) is True


def test_disable_ends_the_sessions_and_enable_lets_in_again(login_as, session):
    victim = login_as("vanthu.yte")
    assert victim.get("/").status_code == 200
    admin = login_as("quantri")
    assert (
        admin.post("/admin/people/users/vanthu.yte/active", data={"active": "0"}).status_code == 302
    )
    # The open session ended with the raised epoch.
    assert victim.get("/").status_code == 302
    assert _trail(session, "user_disabled")[0].target_user.username == "vanthu.yte"
    admin.post("/admin/people/users/vanthu.yte/active", data={"active": "1"})
    assert login_as("vanthu.yte").get("/").status_code == 200


def test_reset_shows_a_generated_password_once_and_it_works(app, login_as, session):
    answer = login_as("quantri").post("/admin/people/users/vanthu.bcvt/password", data={})
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    start = text.index('id="new-password"')
    generated = text[text.index(">", start) + 1 : text.index("</code>", start)]
    assert len(generated) >= 16
    client = app.test_client()
    logged = client.post("/login", data={"username": "vanthu.bcvt", "password": generated})
    assert logged.status_code == 302
    [event] = _trail(session, "password_reset")
    assert generated not in str(event.detail)


def test_unlock_forgets_the_throttled_logins(app, login_as, session):
    from models import LoginThrottle

    client = app.test_client()
    for _ in range(12):
        client.post("/login", data={"username": "vanthu.cntt", "password": "sai-mat-khau-123"})
    session.rollback()  # a fresh snapshot: the app committed in its own session
    assert session.scalar(select(func.count()).select_from(LoginThrottle)) > 0
    admin = login_as("quantri")
    assert "Tạm khóa đăng nhập" in admin.get("/admin/people/users?q=vanthu.cntt").get_data(
        as_text=True
    )
    assert admin.post("/admin/people/users/vanthu.cntt/unlock").status_code == 302
    session.rollback()  # a fresh snapshot: the app committed in its own session
    assert (
        session.scalar(
            select(func.count())
            .select_from(LoginThrottle)
            .where(LoginThrottle.username == "vanthu.cntt")
        )
        == 0
    )
    assert login_as("vanthu.cntt").get("/").status_code == 200


def test_councils_per_year_follow_the_dates(login_as, session):
    admin = login_as("quantri")
    year = today().year
    page = admin.get(f"/admin/people/councils?year={year}").get_data(as_text=True)
    assert "hoidong.tttt" in page and "hoidong.tinh" in page
    member = session.scalar(
        select(RoleAssignment)
        .join(User)
        .where(User.username == "congdoan.tttt", RoleAssignment.role_code == "dept_council")
    )
    last_year_end = date(year - 1, 12, 31)
    closed = admin.post(
        f"/admin/people/assignments/{member.id}/close",
        data={"last_day": last_year_end.isoformat(), "back": f"councils:{year}"},
    )
    assert closed.status_code == 302
    this_year = admin.get(f"/admin/people/councils?year={year}").get_data(as_text=True)
    last_year = admin.get(f"/admin/people/councils?year={year - 1}").get_data(as_text=True)
    # A member's row links the account (the flashed confirmation names it too).
    row = "congdoan.tttt</a>"
    assert row not in this_year and row in last_year
    added = admin.post(
        "/admin/people/assignments",
        data={
            "username": "vanthu.bcvt",
            "role": "dept_council",
            "org": "sotttt",
            "valid_from": today().isoformat(),
            "back": f"councils:{year}",
        },
    )
    assert added.status_code == 302
    page = admin.get(f"/admin/people/councils?year={year}").get_data(as_text=True)
    assert "vanthu.bcvt</a>" in page


def test_memberships_and_the_yearly_head_of_a_bloc(login_as, session):
    admin = login_as("quantri")
    year = today().year
    joined = admin.post(
        "/admin/people/groupings/members",
        data={
            "grouping": "cum-2",
            "member": "soyte",
            "valid_from": f"{year}-01-01",
            "year": str(year),
        },
    )
    assert joined.status_code == 302
    again = admin.post(
        "/admin/people/groupings/members",
        data={"grouping": "cum-2", "member": "soyte", "valid_from": f"{year}-06-01", "year": year},
    )
    assert again.status_code == 409 and "đã là thành viên" in again.get_data(as_text=True)
    wrong = admin.post(
        "/admin/people/groupings/heads",
        data={"grouping": "cum-2", "year": year, "head": "sogddt"},
    )
    assert wrong.status_code == 400 and "không là thành viên" in wrong.get_data(as_text=True)
    set_head = admin.post(
        "/admin/people/groupings/heads",
        data={
            "grouping": "cum-2",
            "year": year,
            "head": "soyte",
            "deputy": "sotuphap",
            "basis": "Biên bản họp Cụm ngày 15/12",
        },
    )
    assert set_head.status_code == 302
    session.rollback()  # a fresh snapshot: the app committed in its own session
    head = session.scalar(select(GroupingHead).where(GroupingHead.year == year))
    assert head.head.code == "soyte" and head.deputy.code == "sotuphap"
    page = admin.get(f"/admin/people/groupings?year={year}").get_data(as_text=True)
    # The yearly head (a member department) and who holds grouping_head there.
    assert "Khối trưởng: Sở Y tế tỉnh Điện Biên" in page and "truongcum.2" in page
    assert "Trưởng Khối/Cụm" in page
    row = session.scalar(
        select(GroupMembership).where(GroupMembership.valid_from == date(year, 1, 1))
    )
    closed = admin.post(
        f"/admin/people/groupings/members/{row.id}/close",
        data={"last_day": (date(year, 1, 1) - timedelta(days=1)).isoformat(), "year": year},
    )
    assert closed.status_code == 400 and "trước ngày bắt đầu" in closed.get_data(as_text=True)
    assert {e.action for e in _trail(session, "membership_added")} == {"membership_added"}
    assert _trail(session, "grouping_head_set")
    # The grouping's page shows its trail (every kind of change made above).
    trail = admin.get("/admin/people/orgs/cum-2")
    assert trail.status_code == 200
    assert "Ghi khối trưởng, khối phó" in trail.get_data(as_text=True)
