"""The static, offline, bilingual guideline site: `build_site` writes every page, chart,
step-through and the search index into one folder."""

from .build import BuildReport, build_site

__all__ = ["BuildReport", "build_site"]
