"""Parse YAML text into plain data, reporting a syntax error with its file, line and column.

Duplicate keys are refused everywhere (the last one would silently win); patient files are
also refused anchors and aliases (``strict=True``), which could expand without bound.
"""

from __future__ import annotations

import yaml

from .errors import FlowError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(ValueError):
    """A mapping repeats a key: ``(key, line)``."""


class _Loader(_Base):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                repeated = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: PyYAML reports it itself
                continue
            if repeated:
                raise DuplicateKey(key, key_node.start_mark.line + 1)
        return super().construct_mapping(node, deep)


def read_yaml(label: str, text: str, error=FlowError, strict: bool = False):
    """Parse YAML text; a syntax error, a repeated key (or with ``strict`` an anchor or alias)
    becomes ``error`` naming the file and line."""
    try:
        if strict:
            _refuse_aliases(text)
        return yaml.load(text, Loader=_Loader)
    except DuplicateKey as exc:
        key, line = exc.args
        return _fail(error, f"{label}: line {line}: the key {key!r} is given twice "
                            f"(remove one; which value was meant is not guessed)")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return _fail(error, f"{label}: malformed YAML{where}: {problem}")
    except RecursionError:
        return _fail(error, f"{label}: the YAML is nested too deeply")
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date: 2025-02-30
        return _fail(error, f"{label}: invalid value in YAML: {exc}")


def _refuse_aliases(text: str) -> None:
    """Raise a YAMLError-like problem at the first anchor or alias (events only: nothing expands)."""
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(problem="anchors and aliases (& and *) are not allowed "
                                               "in a patient file; write each value out",
                                       problem_mark=event.start_mark)


def _fail(error, message: str):
    raise error([message] if error is FlowError else message) from None
