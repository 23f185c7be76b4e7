"""The picture tests walk proposals through the JSON API: reuse its `api` fixture."""

from tests.api.conftest import api  # noqa: F401
