"""A form posted after the session expired keeps what was typed.

When the session is gone (Flask-WTF: "The CSRF session token is missing"; Flask-Login: login
required) the post cannot be acted on. Instead of an error page the posted fields (never files,
never passwords or tokens) are kept in the database under a random token, the token goes into a
cookie of its own (a login that renews the session cookie keeps it), and the user is sent to log
in with the form's page as `next`. Back on that page, logged in, the page's form is filled from
the stash (webapp.forms.TdktForm) and a sentence says what happened; the cookie is dropped.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_url
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response

from models import FormStash, utcnow
from webapp.extensions import db, login_manager

COOKIE = "tdkt_form_stash"
#: how long the typing waits for the login
KEEP = timedelta(hours=6)
#: fields never kept: secrets, and the tokens a new page brings fresh
SKIPPED = frozenset({"csrf_token", "password", "form_once"})
_RESTORED = "tdkt_form_restored"


def posted() -> bool:
    return request.method in ("POST", "PUT", "PATCH", "DELETE")


def restored() -> MultiDict | None:
    """The stash given back on this page, if any (read once per request, in before_request)."""
    return g.get(_RESTORED)


def stash_and_login() -> Response:
    """Keep the posted fields, send the user to log in, bring them back to the form."""
    target = _page_of_form()
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in SKIPPED]
    token = secrets.token_urlsafe(32)
    session = db.session
    session.execute(delete(FormStash).where(FormStash.created_at < utcnow() - KEEP))
    session.add(FormStash(token=token, path=urlsplit(target).path, fields=json.dumps(fields)))
    flash(
        _(
            "Phiên làm việc đã hết hạn nên biểu mẫu chưa được gửi. Hãy đăng nhập lại: nội dung "
            "bạn đã nhập được giữ lại và sẽ hiện lại trên biểu mẫu."
        ),
        "warning",
    )
    response = redirect(url_for("auth.login", next=target))
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(KEEP.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response


def _page_of_form() -> str:
    """The page to come back to: the path posted to when it shows a form on GET (a task page),
    otherwise the page the form was on (the Referer, when on this site)."""
    if _answers_get(request.path):
        return request.path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("inbox.index")


def _answers_get(path: str) -> bool:
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(path, method="GET")
    except RequestRedirect:  # a trailing slash added: still a page
        return True
    except HTTPException:
        return False
    return True


def _login_required() -> Response:
    """Flask-Login's answer to a page that needs a login, keeping a posted form's typing."""
    if posted() and not request.path.startswith("/api/"):
        return stash_and_login()
    flash(_(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def register(app: Flask) -> None:
    login_manager.unauthorized_handler(_login_required)

    @app.before_request
    def _give_back_the_typing() -> None:
        token = request.cookies.get(COOKIE)
        if not token or posted() or not current_user.is_authenticated:
            return
        stash = db.session.scalar(
            select(FormStash).where(
                FormStash.token == token,
                FormStash.path == request.path,
                FormStash.created_at >= utcnow() - KEEP,
            )
        )
        if stash is None:
            return
        g.setdefault(_RESTORED, MultiDict(json.loads(stash.fields)))
        flash(
            _(
                "Phiên làm việc trước đã hết hạn trước khi biểu mẫu được gửi; nội dung bạn đã "
                "nhập được khôi phục dưới đây. Hãy kiểm tra rồi gửi lại."
            ),
            "warning",
        )

    @app.after_request
    def _forget_the_cookie(response: Response) -> Response:
        if g.get(_RESTORED) is not None:
            response.delete_cookie(COOKIE, httponly=True, samesite="Lax")
        return response
