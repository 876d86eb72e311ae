"""The CDS Hooks tests share cds_helpers.py; with --import-mode=importlib their folder is not on
the path by itself. Also the signing keys of a CDS client, made once per module."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from cds_helpers import Client  # noqa: E402


@pytest.fixture(scope="module")
def rsa_client():
    return Client("rsa")


@pytest.fixture(scope="module")
def ec_client():
    return Client("ec", kid="ehr-ec")
