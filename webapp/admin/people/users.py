"""Accounts: the list with its search, a new account, and one account's page (its roles over
time, disable or enable, a new password, unlock, what administrators changed on it)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Role
from webapp.admin.people import bp, refused
from webapp.extensions import db
from workflows.directory import accounts, admin_audit, assignments, users
from workflows.directory.accounts import LOCALES
from workflows.errors import DomainError


@bp.route("/")
@bp.route("/users")
def user_list():
    text = request.args.get("q", "")[:120]
    return render_template(
        "people/users.html", rows=accounts.search(db.session, text), q=text, locales=LOCALES
    )


@bp.route("/users", methods=["POST"])
def user_create():
    form = request.form
    try:
        user = accounts.create(
            db.session,
            current_user,
            form.get("username", ""),
            form.get("full_name", ""),
            form.get("email"),
            form.get("locale"),
            form.get("password", ""),
        )
    except DomainError as exc:
        return refused(exc, user_list)
    flash(_("Đã tạo tài khoản %(user)s.", user=user.username), "success")
    return redirect(url_for("people.user_page", username=user.username))


@bp.route("/users/<username>")
def user_page(username: str):
    user = users.find(db.session, username)
    locks = accounts.locked(db.session)
    return render_template(
        "people/user.html",
        user=user,
        locked_until=locks.get(user.username.lower()),
        history=assignments.history(db.session, user_id=user.id),
        trail=admin_audit.recent(db.session, user_id=user.id),
        roles=list(db.session.scalars(select(Role).order_by(Role.code))),
    )


def _back(username: str):
    return lambda: user_page(username)


@bp.route("/users/<username>/active", methods=["POST"])
def user_active(username: str):
    active = request.form.get("active") == "1"
    try:
        accounts.set_active(db.session, current_user, username, active)
    except DomainError as exc:
        return refused(exc, _back(username))
    if active:
        flash(_("Đã mở lại tài khoản %(user)s.", user=username), "success")
    else:
        flash(
            _("Đã khóa tài khoản %(user)s; các phiên đăng nhập đã kết thúc.", user=username),
            "success",
        )
    return redirect(url_for("people.user_page", username=username))


@bp.route("/users/<username>/password", methods=["POST"])
def user_password(username: str):
    given = request.form.get("password", "")
    try:
        chosen = accounts.reset_password(db.session, current_user, username, given or None)
    except DomainError as exc:
        return refused(exc, _back(username))
    # Shown on this answer only: neither flashed (the session cookie) nor kept anywhere.
    return render_template(
        "people/password.html", username=username, password=None if given else chosen
    )


@bp.route("/users/<username>/unlock", methods=["POST"])
def user_unlock(username: str):
    try:
        accounts.unlock(db.session, current_user, username)
    except DomainError as exc:
        return refused(exc, _back(username))
    flash(_("Đã mở khóa đăng nhập của %(user)s.", user=username), "success")
    return redirect(url_for("people.user_page", username=username))
