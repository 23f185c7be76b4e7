"""The law tests walk proposals through the JSON API: reuse its fixtures."""

from tests.api.conftest import api, db_value  # noqa: F401
