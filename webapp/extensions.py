"""Extensions as unbound module objects, bound in create_app."""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_bootstrap import Bootstrap5
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session, sessionmaker

from models.database import make_engine, make_session_factory


class Database:
    """One SQLAlchemy session per request (or CLI command), closed at teardown."""

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["tdkt_engine"] = engine
        app.extensions["tdkt_sessions"] = make_session_factory(engine)
        app.teardown_appcontext(self._close)

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            factory: sessionmaker[Session] = current_app.extensions["tdkt_sessions"]
            g.db_session = factory()
        return g.db_session

    @staticmethod
    def _close(_exc) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


db = Database()
login_manager = LoginManager()
csrf = CSRFProtect()
bootstrap = Bootstrap5()
