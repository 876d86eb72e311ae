"""Fixtures shared by the site tests."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, built once per session without SOURCE_DATE_EPOCH."""
    from render.site import build_site

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return build_site(tmp_path_factory.mktemp("site") / "site").out
