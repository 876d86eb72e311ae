"""Parse YAML text into plain data, reporting a syntax error with its file, line and column."""

from __future__ import annotations

import yaml

from .errors import FlowError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(label: str, text: str, error=FlowError):
    """Parse YAML text; a syntax error becomes ``error`` with the file and line."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        message = f"{label}: malformed YAML{where}: {problem}"
        raise error([message] if error is FlowError else message) from None
    except (ValueError, TypeError) as exc:  # e.g. an impossible date: 2025-02-30
        message = f"{label}: invalid value in YAML: {exc}"
        raise error([message] if error is FlowError else message) from None
