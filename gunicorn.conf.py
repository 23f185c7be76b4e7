"""gunicorn's settings for tdkt, read from the working directory (`tdkt serve` passes it too).

No `Server: gunicorn` header: naming the server and so its version helps only an attacker
matching it against known flaws. gunicorn has no setting for it, so the header line is left out
of the ones it writes itself.
"""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server  # type: ignore[method-assign]
