"""WSGI entry point for gunicorn: `gunicorn -w 4 webapp.wsgi:app`."""

from webapp import create_app

app = create_app()
