"""Login and logout; passwords hashed by Werkzeug, sessions by Flask-Login, failures throttled."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

from models import User
from webapp import transaction
from webapp.auth.throttle import client_ip, limits
from webapp.errors import message_of
from webapp.extensions import db, login_manager
from webapp.forms import TdktForm
from webapp.labels import N_
from workflows.directory import login as login_attempts
from workflows.directory import users
from workflows.directory.throttle import LoginLocked

bp = Blueprint("auth", __name__, template_folder="templates")

login_manager.login_view = "auth.login"
# Flashed into the session, so a plain string translated when flashed, not a lazy one.
login_manager.login_message = N_("Vui lòng đăng nhập để tiếp tục.")
login_manager.localize_callback = _
login_manager.login_message_category = "info"


#: the signed-in user with all their assignments, whose role and organisation join by default:
#: every page's menu lists them and its checks read them, so one statement rather than the user
#: and then, at the first check, their assignments (issue 19). Built once; the id is bound.
_SIGNED_IN = select(User).where(User.id == bindparam("id")).options(joinedload(User.assignments))


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    # "<id>:<epoch>" (User.get_id): a session opened before the user's last logout, new
    # password or disable carries an older epoch and ends here, whichever worker reads it.
    ident, _sep, epoch = user_id.partition(":")
    if not (_small_number(ident) and _small_number(epoch)):
        return None
    user = db.session.scalars(_SIGNED_IN, {"id": int(ident)}).unique().one_or_none()
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    return user


def _small_number(text: str) -> bool:
    # ASCII digits only ("²".isdigit() is true), and short enough for the database's integer.
    return 0 < len(text) <= 9 and text.isascii() and text.isdigit()


class LoginForm(TdktForm):
    username = StringField(
        _l("Tên đăng nhập"),
        # No control characters: they are in no username, and NUL would reach the database.
        validators=[
            DataRequired(),
            Length(max=64),
            Regexp(r"^[^\x00-\x1f\x7f]*\Z", message=_l("Tên đăng nhập có ký tự không hợp lệ.")),
        ],
    )
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Đăng nhập"))


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/") and "//" not in target:
        return target
    return url_for("inbox.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    form = LoginForm()
    if form.validate_on_submit():
        username, ip = form.username.data.strip(), client_ip()
        try:
            user = login_attempts.attempt(db.session, username, form.password.data, ip, limits())
        except LoginLocked as exc:
            # Refused before the password was looked at: a locked account learns nothing.
            form.password.errors.append(message_of(exc))
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(exc.retry_after)}
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        # The attempt is what the throttle counts: kept although the answer is a refusal (401).
        transaction.keep_despite_refusal()
        form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 401


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # Every session of the account ends, not only this cookie: a copy of it (another tab,
    # another device, a stolen one) would otherwise stay valid until it expires.
    users.end_sessions(db.session, current_user)
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))
