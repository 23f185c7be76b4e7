"""The authorisation matrix: every route × every demo account and anonymous × own/other department.

Each cell asks the route about a proposal of the account's own department and one of the
other department (Sở TT&TT and Sở Y tế), each stopped at the step where the account's role
has a task ready. What each cell must answer comes from the rules written out below
(who reads a proposal, who acts on a step, who edits a draft), not from the code. A route
with no entry here fails `test_every_route_is_in_the_matrix`: add it when you add a route.

A request that is refused must write nothing (no row of any table inserted, updated or
deleted: tests/support/snapshot.py); one that succeeds is undone (the world is restored)
before the next cell.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.authz_rules import (
    ACCOUNTS,
    DEFAULT_STEP,
    HISTORY_UNIT,
    NEW_ACCOUNT,
    NEW_HEAD,
    NEW_MEMBER,
    NEW_ROLE,
    NO_ROW,
    SIDES,
    A,
    P,
    Route,
    T,
    acts,
    administers,
    administers_nothing_there,
    all_read,
    always,
    approval_form,
    approval_json,
    bad_login,
    ballot,
    bloc_checker,
    bloc_head,
    bloc_member,
    bundle,
    can_act,
    dashboard,
    day_off,
    edit_page,
    edits,
    files_proposals,
    form,
    history_file,
    history_file_checked,
    history_initiative,
    history_year,
    holds,
    imports_history,
    inbox_landing,
    lower_form,
    lower_json,
    lowers,
    lowers_page,
    migration_form,
    migration_json,
    minutes,
    opens_history,
    org_merge_form,
    org_merge_json,
    org_merge_undecided,
    payload,
    prints_certificates,
    proposal_form,
    proposal_json,
    reads,
    reads_catalogue,
    reads_history,
    reads_person,
    reads_rules,
    records_outside_award,
    rule_form,
    rule_json,
    task_page,
    task_post,
    upload,
    vietnamese,
    writes_history,
    writes_person,
    writes_rules,
)
from tests.support.cases import open_trial_case
from tests.support.world import (
    BLOC_PLEDGE_ID,
    BLOC_SCORING_ID,
    BLOC_TABLE,
    BLOC_VOTING_ID,
    CHAIN,
    DEPARTMENTS,
    PASSWORD,
    ROLES,
    STAGE_OF_ROLE,
    USERS,
    Case,
    bloc_pledge_body,
    department_of,
)

WORLD_CASES = [(d, k) for d in DEPARTMENTS for k in range(len(CHAIN))]
WORLD_TOKENS = USERS
#: no PDF converter: reaching it (503) is what "allowed" means for the PDF route, in milliseconds
WORLD_ENV = {"TDKT_SOFFICE": "tdkt-no-pdf-converter-in-the-matrix"}
V1 = "/api/v1"
#: the unit of the world's one case other than a proposal
CASE_UNIT = "sotttt-cntt"
CASE_READERS = (CASE_UNIT, "sotttt")


def open_case(world) -> None:
    with world.app.extensions["tdkt_sessions"]() as session:
        case_id, outcome = open_trial_case(world.app, session, CASE_UNIT, "thuongtruc.khcn")
    assert case_id == 1 and [t.id for t in outcome.created] == [1]
    # and a registration of the same unit (its case is the world's second), read by the API
    from datetime import date

    from models import Movement, Organisation
    from workflows.registration import service

    with world.app.extensions["tdkt_sessions"]() as session:
        unit = session.scalar(select(Organisation).where(Organisation.code == CASE_UNIT))
        movement = Movement(
            code="PT-MATRIX",
            title="Phong trào thi đua 2026",
            organiser_id=unit.parent_id,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
        )
        session.add(movement)
        session.flush()
        registry = world.app.extensions["tdkt_registry"]
        assert service.open_for(session, registry, movement, unit, None).id == 1
        session.commit()


WORLD_OPEN = (open_case,)


def case_step(status: int):
    """A case's step: for the holders of its role (the unit's nominator) at its unit."""
    return lambda user, case: status if holds(user, "nominator", CASE_UNIT) else 404


def movement_reader(user, case):
    """The world's movement (1: Sở TT&TT's of 2025, its units taking part): the board, the
    organiser's Director and its units' heads; another dashboard reader is told there is none."""
    if holds(user, "board") or holds(user, "director", "sotttt"):
        return 200
    if any(r == "unit_head" and o.startswith("sotttt") for r, o in ROLES[user]):
        return 200
    return 404 if holds(user, "director") or holds(user, "unit_head") else 403


def opens_registrations(status: int):
    """Opening the world's movement's registrations (its units but the one already open): the
    Director or standing secretariat of Sở TT&TT, which carries it, or a board officer; others
    are refused."""

    def expect(user, case):
        if holds(user, "board_officer") or any(
            holds(user, role, "sotttt") for role in ("dept_secretariat", "director")
        ):
            return status
        return 403

    return expect


def proposes_revocation(board: int, reader: int):
    """Proposing to revoke award record 1 (imported for person 1 of HISTORY_UNIT)."""

    def expect(user, case):
        if holds(user, "board_officer"):
            return board
        return reader if reads_history(200)(user, case) == 200 else 404

    return expect


def case_reader(status: int):
    """A case: for whoever holds a role at its unit or its department."""
    return lambda user, case: status if any(o in CASE_READERS for _, o in ROLES[user]) else 404


ROUTES: dict[tuple[str, str], Route] = {
    ("static", "GET"): Route("/static/tdkt.css", always(200), anon=200),
    ("bootstrap.static", "GET"): Route(
        "/bootstrap/static/css/bootstrap.min.css", always(200), anon=200
    ),
    ("auth.login", "GET"): Route("/login", always(302), anon=200),
    ("auth.login", "POST"): Route(
        "/login", always(302), anon=401, body=bad_login, counts_failure=True
    ),
    ("auth.logout", "POST"): Route("/logout", always(302)),
    ("inbox.index", "GET"): Route("/", inbox_landing),
    # One's own ballots only: a page for anyone, a post choosing nothing is refused (400).
    ("inbox.ballots", "GET"): Route("/ballots", always(200)),
    ("inbox.ballots", "POST"): Route("/ballots", always(400)),
    ("inbox.task", "GET"): Route(f"/tasks/{T}", ballot(task_page)),
    ("inbox.task", "POST"): Route(f"/tasks/{T}", ballot(task_post), body=approval_form),
    ("inbox.claim", "POST"): Route(f"/tasks/{T}/claim", ballot(acts(302), 409)),
    ("inbox.release", "POST"): Route(
        f"/tasks/{T}/release", ballot(acts(302), 409), claim_first=True
    ),
    ("proposals.new", "GET"): Route("/proposals/new", files_proposals(200)),
    ("proposals.new", "POST"): Route("/proposals/new", files_proposals(302), body=proposal_form),
    ("proposals.detail", "GET"): Route(f"/proposals/{P}", reads(200)),
    ("proposals.edit", "GET"): Route(f"/proposals/{P}/edit", edit_page),
    ("proposals.edit", "POST"): Route(f"/proposals/{P}/edit", edits(302), body=proposal_form),
    ("proposals.submit", "POST"): Route(f"/proposals/{P}/submit", edits(302)),
    ("proposals.upload_attachments", "POST"): Route(
        f"/proposals/{P}/attachments", edits(302), body=upload
    ),
    ("attachments.download", "GET"): Route(f"/attachments/{A}", reads(200)),
    ("attachments.delete", "POST"): Route(f"/attachments/{A}/delete", edits(302)),
    ("board.index", "GET"): Route("/board/", always(200)),
    ("board.export", "GET"): Route("/board/export.xlsx", always(200)),
    ("dashboard.index", "GET"): Route("/dashboard/", dashboard),
    ("dashboard.export", "GET"): Route("/dashboard/export.xlsx", dashboard),
    ("dashboard.statistics", "GET"): Route("/dashboard/statistics.xlsx", dashboard),
    ("diagram.standalone", "GET"): Route(f"/proposals/{P}/diagram.svg", reads(200)),
    ("documents.docx", "GET"): Route(f"/proposals/{P}/documents/bien_ban.docx", minutes({200})),
    ("documents.as_pdf", "GET"): Route(f"/proposals/{P}/documents/bien_ban.pdf", minutes({200})),
    ("documents.certificates_pdf", "GET"): Route(
        f"/proposals/{P}/certificates.pdf", prints_certificates
    ),
    ("documents.certificate_pdf_one", "GET"): Route(
        f"/proposals/{P}/nominees/{NO_ROW}/certificate.pdf", prints_certificates
    ),
    ("dashboard.money", "GET"): Route("/dashboard/money", dashboard),
    ("dashboard.money_export", "GET"): Route("/dashboard/money.xlsx", dashboard),
    ("dashboard.movement_targets", "GET"): Route("/dashboard/movements/1/targets", movement_reader),
    ("dashboard.movement_targets_export", "GET"): Route(
        "/dashboard/movements/1/targets.xlsx", movement_reader
    ),
    ("api.movement_targets", "GET"): Route(f"{V1}/movements/1/targets", movement_reader, anon=401),
    ("documents.bundle_zip", "GET"): Route(f"/proposals/{P}/bundle.zip", bundle),
    ("i18n.choose_language", "POST"): Route("/language", always(302), anon=302, body=vietnamese),
    ("notifications.index", "GET"): Route("/notifications/", always(200)),
    ("notifications.mark_read", "POST"): Route("/notifications/read", always(302), body=all_read),
    ("notifications.preferences", "GET"): Route("/notifications/preferences", always(200)),
    ("notifications.preferences", "POST"): Route(
        "/notifications/preferences", always(302), body=lambda case: {"data": {"mail": "returned"}}
    ),
    ("admin.index", "GET"): Route("/admin/", administers(200)),
    ("admin.calendar", "GET"): Route("/admin/calendar", administers(200)),
    ("admin.calendar_add", "POST"): Route("/admin/calendar", administers(302), body=day_off),
    ("admin.calendar_remove", "POST"): Route(
        "/admin/calendar/remove", administers(302), body=day_off
    ),
    ("admin.mail_status", "GET"): Route("/admin/mail", administers(200)),
    ("people.user_list", "GET"): Route("/admin/people/users", administers(200)),
    ("people.user_create", "POST"): Route(
        "/admin/people/users", administers(302), body=form(**NEW_ACCOUNT)
    ),
    ("people.user_page", "GET"): Route("/admin/people/users/vanthu.cntt", administers(200)),
    # enabling an active account changes nothing; a password for nobody is a 404
    ("people.user_active", "POST"): Route(
        "/admin/people/users/vanthu.cntt/active", administers(302), body=form(active="1")
    ),
    ("people.user_password", "POST"): Route(
        "/admin/people/users/khong.ai.ca/password", administers_nothing_there(200)
    ),
    ("people.user_unlock", "POST"): Route(
        "/admin/people/users/vanthu.cntt/unlock", administers(302)
    ),
    ("people.assignment_add", "POST"): Route(
        "/admin/people/assignments", administers(302), body=form(**NEW_ROLE)
    ),
    ("people.assignment_close", "POST"): Route(
        f"/admin/people/assignments/{NO_ROW}/close",
        administers_nothing_there(302),
        body=form(last_day="31/12/2026"),
    ),
    ("people.org_page", "GET"): Route("/admin/people/orgs/sotttt", administers(200)),
    ("people.councils", "GET"): Route("/admin/people/councils?year=2026", administers(200)),
    ("people.grouping_list", "GET"): Route("/admin/people/groupings", administers(200)),
    ("people.membership_add", "POST"): Route(
        "/admin/people/groupings/members",
        administers(302),
        body=form(grouping="cum-2", year="2026", **NEW_MEMBER),
    ),
    ("people.membership_close", "POST"): Route(
        f"/admin/people/groupings/members/{NO_ROW}/close",
        administers_nothing_there(302),
        body=form(last_day="31/12/2026", year="2026"),
    ),
    ("people.head_set", "POST"): Route(
        "/admin/people/groupings/heads",
        administers(302),
        body=form(grouping="cum-2", year="2026", **NEW_HEAD),
    ),
    ("catalogue.index", "GET"): Route("/admin/awards/", reads_catalogue),
    ("catalogue.award", "GET"): Route("/admin/awards/CSTDCS", reads_catalogue),
    # Organisations: administrators and the board read; administrators alone record events
    # (the preview writes nothing; the apply below is refused for want of a decision number).
    ("organisations.index", "GET"): Route("/admin/organisations/", reads_catalogue),
    ("organisations.life", "GET"): Route("/admin/organisations/sotttt", reads_catalogue),
    ("organisations.new_event", "GET"): Route(
        "/admin/organisations/events/new/merge", administers(200)
    ),
    ("organisations.preview_event", "POST"): Route(
        "/admin/organisations/events/preview", administers(200), body=org_merge_form
    ),
    ("organisations.apply_event", "POST"): Route(
        "/admin/organisations/events", administers(400), body=org_merge_undecided
    ),
    ("processes.index", "GET"): Route("/admin/processes/", administers(200)),
    ("processes.version", "GET"): Route("/admin/processes/versions/1", administers(200)),
    ("processes.preview", "GET"): Route(
        f"/admin/processes/preview?to=1&proposal={P}", administers(200)
    ),
    ("processes.migrate", "POST"): Route(
        "/admin/processes/migrate", administers(302), body=migration_form
    ),
    ("api.list_processes", "GET"): Route(f"{V1}/processes", administers(200), anon=401),
    ("api.proposals_on_version", "GET"): Route(
        f"{V1}/processes/tdkt_proposal/versions/1/proposals", administers(200), anon=401
    ),
    ("api.preview_migration", "POST"): Route(
        f"{V1}/processes/tdkt_proposal/migrations/preview",
        administers(200),
        anon=401,
        body=migration_json,
    ),
    ("api.apply_migration", "POST"): Route(
        f"{V1}/processes/tdkt_proposal/migrations",
        administers(200),
        anon=401,
        body=migration_json,
    ),
    ("province_rules.index", "GET"): Route("/admin/rules/", reads_rules),
    ("province_rules.kind_page", "GET"): Route("/admin/rules/council", reads_rules),
    ("province_rules.add", "POST"): Route(
        "/admin/rules/council",
        lambda user, case: writes_rules(302)(user, case) if reads_rules(user, case) == 200 else 403,
        body=rule_form,
    ),
    ("history.index", "GET"): Route("/history/", opens_history(200)),
    ("history.unit", "GET"): Route(f"/history/units/{HISTORY_UNIT}", reads_history(200)),
    # person 1: the first of workflows/data/demo_history.json, Nguyễn Thị Lan of sotttt-cntt
    ("history.person", "GET"): Route(f"/history/units/{HISTORY_UNIT}/people/1", reads_history(200)),
    ("history.set_year", "POST"): Route(
        f"/history/units/{HISTORY_UNIT}/years", writes_history(302), body=history_year
    ),
    # An award decided outside tdkt: the matrix sends no field, refused after who may is checked.
    ("history.outside_award_add", "POST"): Route(
        f"/history/units/{HISTORY_UNIT}/people/1/award-records",
        records_outside_award(302, page=True),
        body=form(),
    ),
    ("history.outside_award_document", "GET"): Route(
        "/history/award-records/1/document", opens_history(404)
    ),
    ("api.record_outside_award", "POST"): Route(
        f"{V1}/people/1/award-records", records_outside_award(400), anon=401, body=payload()
    ),
    # The same for the collective HISTORY_UNIT itself: who may is that of its people.
    ("history.outside_award_add_collective", "POST"): Route(
        f"/history/units/{HISTORY_UNIT}/award-records",
        records_outside_award(302, page=True),
        body=form(),
    ),
    ("api.record_outside_collective_award", "POST"): Route(
        f"{V1}/organisations/{HISTORY_UNIT}/award-records",
        records_outside_award(400),
        anon=401,
        body=payload(),
    ),
    ("api.award_record_document", "GET"): Route(
        f"{V1}/award-records/1/document", always(404), anon=401
    ),
    ("history.set_facts", "POST"): Route(
        f"/history/units/{HISTORY_UNIT}/people/1/facts", writes_history(302), body=form()
    ),
    ("api.find_people", "GET"): Route(f"{V1}/people?staff_code=MT-0", always(200), anon=401),
    ("api.get_person", "GET"): Route(f"{V1}/people/1", reads_person(200), anon=401),
    ("api.update_person", "PATCH"): Route(
        f"{V1}/people/1", writes_person(200), anon=401, body=lambda case: {"json": {}}
    ),
    ("api.person_eligibility", "GET"): Route(
        f"{V1}/people/1/eligibility?award=LDTT&year=2025", reads_person(200), anon=401
    ),
    ("api.import_history", "POST"): Route(
        f"{V1}/history/import", imports_history(200), anon=401, body=history_file_checked
    ),
    ("history.initiative_list", "GET"): Route("/history/initiatives", opens_history(200)),
    ("history.initiative_add", "POST"): Route(
        "/history/initiatives", writes_history(302), body=history_initiative
    ),
    ("history.import_page", "GET"): Route("/history/import", imports_history(200)),
    ("history.import_file", "POST"): Route(
        "/history/import", imports_history(200), body=history_file
    ),
    # API: bearer tokens; anonymous is 401
    ("api.openapi", "GET"): Route(f"{V1}/openapi.json", always(200), anon=200),
    ("api.issue_token", "POST"): Route(
        f"{V1}/auth/token", always(201), anon=401, counts_failure=True
    ),
    ("api.revoke_token", "POST"): Route(f"{V1}/auth/revoke", always(204), anon=401),
    ("api.me", "GET"): Route(f"{V1}/me", always(200), anon=401),
    ("api.awards", "GET"): Route(f"{V1}/awards", always(200), anon=401),
    ("api.province_rules_in_force", "GET"): Route(f"{V1}/province-rules", reads_rules, anon=401),
    ("api.add_province_rule", "POST"): Route(
        f"{V1}/province-rules", writes_rules(201), anon=401, body=rule_json
    ),
    ("api.list_movements", "GET"): Route(f"{V1}/movements", always(200), anon=401),
    ("api.department_counts", "GET"): Route(f"{V1}/reports/departments", dashboard, anon=401),
    ("api.bonuses_paid", "GET"): Route(f"{V1}/reports/bonuses", dashboard, anon=401),
    ("api.proposal_certificates", "GET"): Route(
        f"{V1}/proposals/{P}/certificates.pdf", prints_certificates, anon=401
    ),
    ("api.nominee_certificate", "GET"): Route(
        f"{V1}/proposals/{P}/nominees/{NO_ROW}/certificate.pdf", prints_certificates, anon=401
    ),
    ("api.list_proposals", "GET"): Route(f"{V1}/proposals", always(200), anon=401),
    ("api.list_organisations", "GET"): Route(f"{V1}/organisations", always(200), anon=401),
    ("api.get_organisation", "GET"): Route(f"{V1}/organisations/sotttt", always(200), anon=401),
    ("api.organisation_events", "GET"): Route(
        f"{V1}/organisations/sotttt/events", always(200), anon=401
    ),
    ("api.apply_event", "POST"): Route(
        f"{V1}/organisations/events", administers(400), anon=401, body=org_merge_json
    ),
    ("api.create_proposal", "POST"): Route(
        f"{V1}/proposals", files_proposals(201), anon=401, body=proposal_json
    ),
    ("api.get_proposal", "GET"): Route(f"{V1}/proposals/{P}", reads(200), anon=401),
    ("api.get_history", "GET"): Route(f"{V1}/proposals/{P}/history", reads(200), anon=401),
    ("api.update_proposal", "PUT"): Route(
        f"{V1}/proposals/{P}", edits(200), anon=401, body=proposal_json
    ),
    ("api.submit_proposal", "POST"): Route(f"{V1}/proposals/{P}/submit", edits(200), anon=401),
    ("api.list_tasks", "GET"): Route(f"{V1}/tasks", always(200), anon=401),
    # Cases other than proposals (workflows.cases): the world's one case (WORLD_OPEN), id 1,
    # waits for the nominator of sotttt-cntt; its step is theirs alone, the case is read by
    # whoever holds a role at the unit; anyone else is told "not found".
    ("cases.task", "GET"): Route("/cases/tasks/1", case_step(200)),
    ("cases.task", "POST"): Route("/cases/tasks/1", case_step(302), body=form(action="submit")),
    ("cases.detail", "GET"): Route("/cases/1", case_reader(200)),
    ("api.get_case", "GET"): Route(f"{V1}/cases/1", case_reader(200), anon=401),
    ("api.get_registration", "GET"): Route(f"{V1}/registrations/1", case_reader(200), anon=401),
    # The world's registration is still open: a reader is told it is not approved yet (409),
    # anyone else that there is none; filing by its nominator: tests/registration.
    ("api.file_from_registration", "POST"): Route(
        f"{V1}/registrations/1/proposals", case_reader(409), anon=401, body=payload(award="LDTT")
    ),
    ("api.open_registrations", "POST"): Route(
        f"{V1}/movements/1/registrations", opens_registrations(201), anon=401
    ),
    ("dashboard.open_registrations", "POST"): Route(
        "/dashboard/movements/1/registrations", opens_registrations(302)
    ),
    ("cases.registration", "GET"): Route("/registrations/1", case_reader(200)),
    ("cases.file_proposal", "POST"): Route(
        "/registrations/1/proposals", case_reader(409), body=form(award="LDTT")
    ),
    ("api.get_case_task", "GET"): Route(f"{V1}/cases/tasks/1", case_step(200), anon=401),
    ("api.complete_case_task", "POST"): Route(
        f"{V1}/cases/tasks/1/complete", case_step(200), anon=401, body=payload(action="submit")
    ),
    ("api.get_task", "GET"): Route(f"{V1}/tasks/{T}", ballot(reads(200)), anon=401),
    ("api.complete_task", "POST"): Route(
        f"{V1}/tasks/{T}/complete", ballot(acts(200)), anon=401, body=approval_json
    ),
    ("api.claim_task", "POST"): Route(f"{V1}/tasks/{T}/claim", ballot(acts(200), 409), anon=401),
    ("inbox.lower", "POST"): Route(f"/tasks/{T}/lower", ballot(lowers_page, 409), body=lower_form),
    ("api.lower_nominees", "POST"): Route(
        f"{V1}/tasks/{T}/lower", ballot(lowers, 409), anon=401, body=lower_json
    ),
    # Revocations concern decided awards, and the world's proposals are all under way: the
    # matrix asks with a body short of a field, which every caller is told of before anything
    # is read (who may act at each step: tests/revocation); the revocation read is no one's.
    ("api.revocations_waiting", "GET"): Route(f"{V1}/revocations", always(200), anon=401),
    ("api.propose_revocation", "POST"): Route(
        f"{V1}/award-records/1/revocations", always(400), anon=401, body=payload(reason="x")
    ),
    ("api.get_revocation", "GET"): Route(
        f"{V1}/revocations/1", lambda user, case: {200, 404}, anon=401
    ),
    ("api.check_revocation", "POST"): Route(
        f"{V1}/revocations/1/check", always(400), anon=401, body=payload(action="reject")
    ),
    ("api.decide_revocation", "POST"): Route(
        f"{V1}/revocations/1/decide", always(400), anon=401, body=payload(action="approve")
    ),
    # multipart only: a JSON body is short of the action, for every caller
    ("api.record_revocation", "POST"): Route(
        f"{V1}/revocations/1/record", always(400), anon=401, body=payload(action="approve")
    ),
    # Their pages: the world holds no award record nor revocation (id 1), so every account is
    # told "not found", even with a valid body; the list is everyone's own (empty) part.
    ("revocations.index", "GET"): Route("/revocations/", always(200)),
    # Award record 1 of the world is an imported one of person 1 (HISTORY_UNIT): tdkt did not
    # decide it, so the provincial board proposes its revocation to the authority; whoever
    # reads that history sees the page but may not propose; anyone else is told "not found".
    ("revocations.propose", "GET"): Route("/revocations/new/1", proposes_revocation(200, 200)),
    ("revocations.propose", "POST"): Route(
        "/revocations/new/1",
        proposes_revocation(302, 403),
        body=form(reason="x", legal_basis="y"),
    ),
    ("revocations.detail", "GET"): Route("/revocations/1", always(404)),
    ("revocations.check", "POST"): Route(
        "/revocations/1/check", always(404), body=form(action="approve")
    ),
    ("revocations.decide", "POST"): Route(
        "/revocations/1/decide", always(404), body=form(action="reject", comment="z")
    ),
    ("revocations.record", "POST"): Route(
        "/revocations/1/record", always(404), body=form(action="reject", comment="z")
    ),
    ("api.release_task", "POST"): Route(
        f"{V1}/tasks/{T}/release", ballot(acts(200), 409), anon=401, claim_first=True
    ),
    # The upward path: the world's proposals never wait for a higher decision (409 where seen).
    ("api.dossier_bundle", "GET"): Route(f"{V1}/proposals/{P}/bundle.zip", bundle, anon=401),
    ("api.upload_decision_document", "POST"): Route(
        f"{V1}/proposals/{P}/decision-document", reads(409), anon=401, body=upload
    ),
    ("api.list_attachments", "GET"): Route(f"{V1}/proposals/{P}/attachments", reads(200), anon=401),
    ("api.upload_attachments", "POST"): Route(
        f"{V1}/proposals/{P}/attachments", edits(201), anon=401, body=upload
    ),
    ("api.download_attachment", "GET"): Route(
        f"{V1}/proposals/{P}/attachments/{A}", reads(200), anon=401
    ),
    ("api.delete_attachment", "DELETE"): Route(
        f"{V1}/proposals/{P}/attachments/{A}", edits(204), anon=401
    ),
    # Only the caller's own notification: its owner marks it read, anyone else finds nothing
    # (which is whose: tests/handover/test_notifications_api.py).
    # Administration: administrators only (403 for every other token)
    ("api.admin_users", "GET"): Route(f"{V1}/admin/users", administers(200), anon=401),
    ("api.admin_user_create", "POST"): Route(
        f"{V1}/admin/users",
        administers(201),
        anon=401,
        # not restored (accounts are not volatile): another name than the page's
        body=payload(**{**NEW_ACCOUNT, "username": "ma.tran.api"}),
    ),
    ("api.admin_user_disable", "POST"): Route(
        f"{V1}/admin/users/khong.ai.ca/disable", administers_nothing_there(200), anon=401
    ),
    ("api.admin_user_enable", "POST"): Route(
        f"{V1}/admin/users/vanthu.cntt/enable", administers(200), anon=401
    ),
    ("api.admin_user_reset_password", "POST"): Route(
        f"{V1}/admin/users/khong.ai.ca/reset-password",
        administers_nothing_there(200),
        anon=401,
    ),
    ("api.admin_user_unlock", "POST"): Route(
        f"{V1}/admin/users/vanthu.cntt/unlock", administers(200), anon=401
    ),
    ("api.admin_assignments", "GET"): Route(
        f"{V1}/admin/assignments?org=sotttt", administers(200), anon=401
    ),
    ("api.admin_assignment_create", "POST"): Route(
        f"{V1}/admin/assignments", administers(201), anon=401, body=payload(**NEW_ROLE)
    ),
    ("api.admin_assignment_close", "POST"): Route(
        f"{V1}/admin/assignments/{NO_ROW}/close",
        administers_nothing_there(200),
        anon=401,
        body=payload(last_day="2026-12-31"),
    ),
    ("api.admin_groupings", "GET"): Route(f"{V1}/admin/groupings", administers(200), anon=401),
    ("api.admin_membership_create", "POST"): Route(
        f"{V1}/admin/groupings/cum-2/members",
        administers(201),
        anon=401,
        body=payload(**NEW_MEMBER),
    ),
    ("api.admin_membership_close", "POST"): Route(
        f"{V1}/admin/memberships/{NO_ROW}/close",
        administers_nothing_there(200),
        anon=401,
        body=payload(last_day="2026-12-31"),
    ),
    ("api.admin_grouping_head", "PUT"): Route(
        f"{V1}/admin/groupings/cum-2/heads/2026",
        administers(200),
        anon=401,
        body=payload(**NEW_HEAD),
    ),
    # A bloc's year: every account reads; the head edits and steps it, members' Directors act
    ("blocs.index", "GET"): Route("/blocs/", always(200)),
    ("blocs.create", "POST"): Route(
        "/blocs/",
        bloc_head(302),
        body=form(
            grouping="khoi-vhxh", year="2022", title="Giao ước 2022", name_1="Nhiệm vụ", max_1="10"
        ),
    ),
    ("blocs.pledge", "GET"): Route(f"/blocs/{BLOC_PLEDGE_ID}", always(200)),
    ("blocs.act", "POST"): Route(f"/blocs/{BLOC_PLEDGE_ID}/sign", bloc_member(302)),
    ("blocs.ranking", "GET"): Route(f"/blocs/{BLOC_PLEDGE_ID}/ranking", always(200)),
    # evidence files: a member of the year attaches (refused after the check, with no line
    # named: 302 with the message); the world has none to download (tests/blocs does)
    ("blocs.add_evidence", "POST"): Route(
        f"/blocs/{BLOC_SCORING_ID}/evidence", bloc_member(302, "cum-2"), body=upload
    ),
    ("blocs.evidence_file", "GET"): Route("/blocs/evidence/1", always(404)),
    ("blocs.ranking_xlsx", "GET"): Route(f"/blocs/{BLOC_PLEDGE_ID}/ranking.xlsx", always(200)),
    ("api.list_pledges", "GET"): Route(f"{V1}/blocs/pledges", always(200), anon=401),
    ("api.create_pledge", "POST"): Route(
        f"{V1}/blocs/pledges", bloc_head(201), anon=401, body=payload(**bloc_pledge_body(2022))
    ),
    ("api.get_pledge", "GET"): Route(f"{V1}/blocs/pledges/{BLOC_PLEDGE_ID}", always(200), anon=401),
    ("api.set_criteria", "PUT"): Route(
        f"{V1}/blocs/pledges/{BLOC_PLEDGE_ID}/criteria",
        bloc_head(200),
        anon=401,
        body=payload(criteria=BLOC_TABLE),
    ),
    ("api.pledge_action", "POST"): Route(
        f"{V1}/blocs/pledges/{BLOC_PLEDGE_ID}/actions",
        bloc_member(200),
        anon=401,
        body=payload(action="sign"),
    ),
    # Cụm 2's pledges: one scoring (Sở Tư pháp's score sent), one voting
    ("api.self_score", "PUT"): Route(
        f"{V1}/blocs/pledges/{BLOC_SCORING_ID}/scores",
        bloc_member(200, "cum-2"),
        anon=401,
        body=payload(scores=[{"criterion_id": BLOC_SCORING_ID, "points": 90, "evidence": ""}]),
    ),
    ("api.check_score", "POST"): Route(
        f"{V1}/blocs/pledges/{BLOC_SCORING_ID}/checks",
        bloc_checker(200, "cum-2", scored="sotuphap"),
        anon=401,
        body=payload(member="sotuphap", action="accept"),
    ),
    ("api.cast_vote", "POST"): Route(
        f"{V1}/blocs/pledges/{BLOC_VOTING_ID}/votes",
        bloc_member(200, "cum-2"),
        anon=401,
        body=payload(choices="absent"),
    ),
    ("api.get_ranking", "GET"): Route(
        f"{V1}/blocs/pledges/{BLOC_PLEDGE_ID}/ranking", always(200), anon=401
    ),
    ("api.list_notifications", "GET"): Route(f"{V1}/notifications", always(200), anon=401),
    ("api.read_notification", "POST"): Route(
        f"{V1}/notifications/1/read", lambda user, case: {200, 404}, anon=401
    ),
    ("api.read_all_notifications", "POST"): Route(
        f"{V1}/notifications/read", always(200), anon=401
    ),
    ("api.notification_preferences", "GET"): Route(
        f"{V1}/notifications/preferences", always(200), anon=401
    ),
    ("api.set_notification_preferences", "PUT"): Route(
        f"{V1}/notifications/preferences",
        always(200),
        anon=401,
        body=lambda case: {"json": {"mail": {"returned": True}}},
    ),
}


def sides(route: Route) -> tuple[str, ...]:
    """A route about no proposal answers the same whichever department: asked once."""
    return SIDES if any(mark in route.path for mark in (P, T, A)) else SIDES[:1]


def case_for(world, user: str | None, side: str) -> Case:
    own = (department_of(user) if user else None) or "sotttt"
    department = own if side == "own" else next(d for d in DEPARTMENTS if d != own)
    steps = [STAGE_OF_ROLE[r] for r, _ in ROLES.get(user, []) if r in STAGE_OF_ROLE]
    return world.cases[(department, steps[0] if steps else DEFAULT_STEP)]


class Callers:
    """A logged-in test client per account (web) and the world's bearer tokens (API)."""

    def __init__(self, world):
        self.world, self.browsers = world, {}

    def client(self, user: str | None, api: bool, fresh: bool = False):
        if user is None:
            return self.world.app.test_client()
        if api:
            return self.world.api(user)
        if user not in self.browsers:
            self.browsers[user] = self.world.web(user)
        if not fresh:
            return self.browsers[user]
        # A logout ends every session of the account, this browser's included: the next
        # request of that user logs in anew.
        return self.browsers.pop(user)


@pytest.fixture(scope="module")
def callers(world):
    return Callers(world)


def send(caller, api: bool, method: str, url: str, **kwargs):
    if api and hasattr(caller, "call"):
        return caller.call(method, url.removeprefix(V1), **kwargs)
    return caller.open(url, method=method, **kwargs)


def run_cell(world, callers, key, route: Route, user: str | None, side: str):
    endpoint, method = key
    api = route.path.startswith(V1)
    case = case_for(world, user, side)
    url = route.path.replace(P, str(case.id)).replace(T, str(case.task_id))
    url = url.replace(A, str(case.attachment_id))
    expected = route.anon if user is None else route.expect(user, case)
    expected = expected if isinstance(expected, set) else {expected}
    caller = callers.client(user, api, fresh=endpoint == "auth.logout")
    kwargs = route.body(case) if route.body else {}
    if key == ("api.issue_token", "POST"):
        kwargs = {"json": {"username": user or "khong.ai.ca", "password": PASSWORD}}
    writes = method != "GET"
    before = world.mark() if writes else None
    # A ballot cannot be claimed: its release is asked as it stands.
    if route.claim_first and user is not None and can_act(user, case) and case.form != "ballot":
        claim = url.rsplit("/", 1)[0] + "/claim"
        assert send(caller, api, "POST", claim).status_code in (200, 302)
    response = send(caller, api, method, url, **kwargs)
    response.close()  # a download streams its file until closed
    problems = []
    if response.status_code not in expected:
        problems.append(
            f"{method} {url} as {user or 'anonymous'} ({side}, {case.department} at "
            f"{case.step[0]}): expected {sorted(expected)}, got {response.status_code}"
        )
    if writes and response.status_code >= 400:
        wrote = world.written(before)
        if route.counts_failure:
            wrote -= {"login_attempt", "login_throttle"}
        if wrote:
            problems.append(f"{method} {url} as {user}: refused but wrote {sorted(wrote)}")
    if writes and (response.status_code < 400 or route.counts_failure or route.claim_first):
        world.restore()
    return problems


REFUSED = {401, 403, 404, 409}


def matrix_size() -> int:
    """Cells asked: routes about a proposal × 2 departments, others × 1; × accounts."""
    return sum(len(sides(route)) * len(ACCOUNTS) for route in ROUTES.values())


def test_every_route_is_in_the_matrix(world):
    present = {
        (rule.endpoint, method)
        for rule in world.app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    missing = sorted(present - set(ROUTES))
    gone = sorted(set(ROUTES) - present)
    assert not missing, f"routes without an entry in the authorisation matrix: {missing}"
    assert not gone, f"matrix entries for routes that no longer exist: {gone}"


@pytest.mark.parametrize("key", sorted(ROUTES), ids=lambda k: f"{k[1]} {k[0]}")
def test_route_against_every_account_and_department(world, callers, key):
    route = ROUTES[key]
    problems = []
    for user in ACCOUNTS:
        for side in sides(route):
            problems += run_cell(world, callers, key, route, user, side)
    assert not problems, "\n".join(problems)


#: certificates exist only for a decided proposal, and no case of the world is decided: their
#: "yes" (200 for the board, the deciding department's Director and secretariat) is
#: tests/documents/test_certificates.py::test_who_may_print_a_department_s_certificates
ALLOWED_ONLY_AFTER_A_DECISION = {
    # a proposal is filed from an approved registration; the world's is open: the "yes" by the
    # unit's nominator (and the 403 to the department) is in tests/registration
    ("api.file_from_registration", "POST"),
    ("cases.file_proposal", "POST"),
    ("documents.certificates_pdf", "GET"),
    ("documents.certificate_pdf_one", "GET"),
    ("api.proposal_certificates", "GET"),
    ("api.nominee_certificate", "GET"),
    # a revocation needs a decided award: its pages are walked through in tests/revocation
    ("revocations.detail", "GET"),
    ("revocations.check", "POST"),
    ("revocations.decide", "POST"),
    ("revocations.record", "POST"),
    # the bundle and the decision received are for an award beyond the province at the
    # Chairman's or the waiting step, where no case of the world is: their "yes" is
    # tests/api/test_api_upward.py: the bundle for the province's bodies and upward awards
    # only; the decision needs its document and a reason for each refusal
    ("documents.bundle_zip", "GET"),
    ("api.dossier_bundle", "GET"),
    ("api.upload_decision_document", "POST"),
    # the world's award records have no decision document (tests/history/test_outside_awards
    # downloads one, by a reader and a stranger)
    ("history.outside_award_document", "GET"),
    ("api.award_record_document", "GET"),
    # the world's bloc years have no evidence file (tests/blocs/test_bloc_evidence downloads
    # one, by the bloc and by outsiders)
    ("blocs.evidence_file", "GET"),
}


def test_the_matrix_says_yes_as_well_as_no():
    """A matrix that refused everything would pass the tests above for the wrong reason."""
    kinds = {}
    for key, route in ROUTES.items():
        for user in USERS:
            for department in DEPARTMENTS:
                for k in range(len(CHAIN)):
                    expected = route.expect(user, Case(department, k))
                    for status in expected if isinstance(expected, set) else {expected}:
                        kinds.setdefault(key, set()).add(status not in REFUSED)
    for key in ROUTES:
        if key in ALLOWED_ONLY_AFTER_A_DECISION:
            continue
        assert True in kinds[key], f"{key}: nobody is ever allowed"
    assert matrix_size() == sum(len(sides(r)) for r in ROUTES.values()) * len(ACCOUNTS)
    refused_somewhere = [key for key in ROUTES if False in kinds[key]]
    assert len(refused_somewhere) >= 25
