"""Fuzzing the JSON API from its own OpenAPI document (schemathesis): no 5xx,
every response documented, JSON where JSON is promised, errors with a message.

A short run here; ``bench/fuzz.py`` runs it long (FUZZ_EXAMPLES=…)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from assistant.config import Settings
from tests.conftest import examples

EXAMPLES = examples(30)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _app():
    """The app on a data directory of its own (collected before any fixture runs)."""
    import tempfile
    from pathlib import Path

    from tests.conftest import CORPUS, KB
    from web import create_app

    data = Path(tempfile.mkdtemp(prefix="fuzz-instance-"))
    settings = Settings.from_env(data_dir=data, corpus_dir=CORPUS, kb_dir=KB)
    return create_app(settings, {"TESTING": True, "RATE_LIMIT": 0})


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _app())


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_survives_generated_requests(case):
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict) and body.get("error"), "an error without a message"
