"""A web worker starts without the libraries only a document or a spreadsheet needs (issue 19).

fpdf2 (with Pillow and fontTools), docxtpl (python-docx) and openpyxl together cost each gunicorn
worker ~60 MB of resident memory; a worker that never renders a PDF or an .xlsx must not carry
them. They are imported by the first request that needs them.
"""

from __future__ import annotations

from pathlib import Path

from scripts.liveserver import LiveServer
from tests.support.probes import probe, served
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD as PASSWORD

#: imported only by the documents' and the spreadsheets' own requests
ON_DEMAND = ("fpdf", "docxtpl", "docx", "openpyxl", "PIL", "fontTools")
#: imported by the first due date (~3 MB), and by a worker on PostgreSQL only (~2.3 MB): a worker
#: logging someone in holds Argon2id's 7 MiB on top of what start-up left (issue 19)
LATER = ("holidays", "sqlalchemy.dialects.postgresql")
#: the tests' own libraries, never the application's
NEVER = ("hypothesis", "pytest", "pypdf")

_PROBE = """
import sys
from webapp import create_app
create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "probe"})
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_the_app_is_created_without_the_document_and_spreadsheet_libraries(db_url):
    loaded = probe(_PROBE, db_url).split()
    assert [name for name in ON_DEMAND if name in loaded] == []


_WSGI_PROBE = """
import sys
import webapp.wsgi
print(" ".join(sorted(sys.modules)))
"""


def test_the_wsgi_entry_starts_without_what_only_some_requests_need(db_url, tmp_path):
    # SQLite here: on PostgreSQL its dialect is what the engine itself imports.
    loaded = set(probe(_WSGI_PROBE, **served(db_url, tmp_path)).split())
    if not db_url.startswith("sqlite"):
        loaded.discard("sqlalchemy.dialects.postgresql")
    assert [name for name in ON_DEMAND + LATER + NEVER if name in loaded] == []


def _worker_maps(server: LiveServer) -> str:
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return "".join(Path(f"/proc/{pid}/maps").read_text() for pid in children)


def test_a_served_worker_answers_the_api_without_pillow_in_memory(db_url, tmp_path):
    """Pillow's C module, which fpdf2 imports, shows in a worker's memory map once loaded."""
    server = LiveServer(db_url, tmp_path / "data", workers=1, threads=2).start()
    try:
        token = server.token("vanthu.cntt", PASSWORD)
        status, _ = server.request("GET", "/api/v1/tasks", token=token)
        assert status == 200
        status, _ = server.request("GET", "/api/v1/me", token=token)
        assert status == 200
        assert "PIL/_imaging" not in _worker_maps(server)
    finally:
        server.stop()
