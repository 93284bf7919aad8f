"""Fixtures: an SDK client pointed at the `novush serve` that Scripts/conformance started."""
import os
import uuid

import pytest
from novu_py import Novu
from novu_py.utils import BackoffStrategy, RetryConfig


@pytest.fixture(scope="session")
def novu():
    url = os.environ["NOVUSH_URL"]
    # No retries: a 409 or 5xx must fail the test at once instead of blocking for an hour.
    retry = RetryConfig("none", BackoffStrategy(1, 1, 1.0, 1), False)
    with Novu(secret_key=os.environ["NOVU_SECRET_KEY"], server_url=url, retry_config=retry, timeout_ms=15000) as client:
        yield client


@pytest.fixture(scope="session")
def run_id():
    return uuid.uuid4().hex[:8]

