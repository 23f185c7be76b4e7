"""Interface language: Vietnamese by default, English per user (Flask-Babel catalogues)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, g, redirect, request, session, url_for
from flask_babel import Babel, get_locale
from flask_login import current_user

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT = "vi"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    # The API's caller reads errors in the language asked for (Accept-Language), else in their
    # account's (a bearer token, webapp.api.auth), even before the token is checked.
    if request.path.startswith("/api/") and request.headers.get("Accept-Language"):
        asked = request.accept_languages.best_match(LANGUAGES)
        if asked:
            return asked
    api_user = g.get("api_user")
    if api_user is not None and api_user.locale in LANGUAGES:
        return api_user.locale
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_locale=DEFAULT,
        default_timezone="Asia/Ho_Chi_Minh",
        default_translation_directories=str(TRANSLATIONS),
    )
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, get_locale=get_locale)
    app.register_blueprint(bp)


@bp.route("/language", methods=["POST"])
def choose_language():
    lang = request.form.get("lang")
    if lang in LANGUAGES:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang  # committed with the redirect (webapp.transaction)
    target = request.form.get("next", "")
    # Only a path on this site: never an open redirect.
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("inbox.index")
    return redirect(target)
