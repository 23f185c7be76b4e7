"""Security headers on every response; no inline script is needed by any page."""

from flask import Flask, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

#: a year: the browser goes to HTTPS by itself before any cookie could leave in clear
HSTS = "max-age=31536000"


def register(app: Flask) -> None:
    https = bool(app.config.get("HTTPS"))

    @app.after_request
    def _headers(response):
        if https:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if not (request.endpoint or "").endswith("static"):
            # Pages, answers and downloads are per user: a shared browser's cache or a proxy
            # must not keep them (the back button after logout shows nothing). Only the
            # stylesheets and scripts, the same for everyone, may be cached.
            response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
