"""Security headers on every response; no inline script is needed by any page."""

from flask import Flask, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

#: a year: the browser goes to HTTPS by itself before any cookie could leave in clear
HSTS = "max-age=31536000"

#: what every answer carries unless its view set its own (a download's stricter policy)
DEFAULTS = (
    ("Content-Security-Policy", CSP),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)


def register(app: Flask) -> None:
    defaults = (
        (("Strict-Transport-Security", HSTS),) if app.config.get("HTTPS") else ()
    ) + DEFAULTS
    # Lower-cased once: each answer's own header names are then looked at in one pass rather
    # than once per default (Headers.setdefault scans the list each time; issue 19).
    missing_unless = tuple((name.lower(), name, value) for name, value in defaults)

    @app.after_request
    def _headers(response):
        headers = response.headers
        present = {name.lower() for name, _value in headers}
        if not (request.endpoint or "").endswith("static"):
            # Pages, answers and downloads are per user: a shared browser's cache or a proxy
            # must not keep them (the back button after logout shows nothing). Only the
            # stylesheets and scripts, the same for everyone, may be cached.
            if "cache-control" in present:
                headers.set("Cache-Control", "no-store")
            else:
                headers.add("Cache-Control", "no-store")
        for lower, name, value in missing_unless:
            if lower not in present:
                headers.add(name, value)
        return response
