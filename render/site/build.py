"""Build the static, offline, bilingual guideline site (``nmosd-flow site``)."""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from graph import Guideline, UsageError

from ..output import current_umask, write_in_build
from .words import LANG_ATTR, LANG_NAME, words

LANGS = ("en", "zh")
MARKER = ".nmosd-flow-site"  # a folder holding this file may be wiped and rebuilt


@dataclass(frozen=True)
class BuildReport:
    out: Path
    pages: int  # HTML pages written, both languages and the language chooser
    seconds: float

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def build_site(out: str | Path = "site", g: Guideline | None = None, kg=None) -> BuildReport:
    """Write the whole site into ``out``; raises UsageError when ``out`` cannot be used.

    The same inputs give byte-identical files: every list is sorted and no clock is read,
    except ``SOURCE_DATE_EPOCH`` (when set) for the build date in the footer.
    """
    from flows import guideline
    from flows.content import knowledge

    from .model import SiteModel

    started = time.perf_counter()
    built = build_date()
    final = _check_target(Path(out))
    model = SiteModel(g or guideline(), kg if kg is not None else knowledge())
    with _beside(final) as out:
        pages = _build_into(out, model, built)
    return BuildReport(final, pages, time.perf_counter() - started)


def _build_into(out: Path, model, built: str | None) -> int:
    """Write every page, the search indexes and the static files into ``out``; the page count."""
    from .charts import chart_files, draw_all
    from .pages import all_pages
    from .search import search_docs, write_search_indexes

    write_in_build(out / MARKER, "built by nmosd-flow site\n")
    docs = {lang: search_docs(model, lang) for lang in LANGS}
    pages = all_pages(model, docs)
    charts = draw_all(model.g, [(*p.chart, lang) for p in pages if p.chart for lang in LANGS])
    env = environment()
    for lang in LANGS:
        for page in pages:
            html = render_page(env, model, page, lang, charts, built)
            write_in_build(out / lang / page.path, html)
    for path, svg in chart_files(model.g, LANGS).items():  # each chart alone, full size
        write_in_build(out / path, svg)
    write_search_indexes(docs, out)
    _copy_static(out)
    write_in_build(out / "index.html", env.get_template("chooser.html").render(
        langs=[(lang, LANG_ATTR[lang], LANG_NAME[lang], words(lang)) for lang in LANGS],
        title=model.g.title))
    return len(pages) * len(LANGS) + 1


def build_date() -> str | None:
    """``SOURCE_DATE_EPOCH`` as an ISO date (UTC), or None when unset; UsageError if invalid."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC).date().isoformat()
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={value!r}: give whole seconds since 1970") from None


def environment():
    """The Jinja environment: packaged templates, autoescaped, strict about undefined names."""
    import jinja2

    from . import phrases
    from .model import anchor
    from .pages import step_path
    from .search import plain_snippet

    env = jinja2.Environment(loader=jinja2.PackageLoader("render.site", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(trigger_text=phrases.trigger_text, source_text=phrases.source_text,
                       range_text=phrases.range_text, verdicts_of=phrases.verdicts_of,
                       record_text=phrases.record_text,
                       snippet=plain_snippet, anchor=anchor, step_url=step_path)
    return env


def render_page(env, model, page, lang: str, charts: dict, built: str | None) -> str:
    """One page in ``lang``."""
    other = next(x for x in LANGS if x != lang)
    here = f"{lang}/{page.path}"

    def url(target: str) -> str:
        """A relative link from this page to ``target`` (a path under the language root)."""
        return href(here, f"{lang}/{target}")

    def t(value) -> str:
        return tidy(text_of(value).get(lang), lang)

    from ..wording import verdict_label
    from .model import entry_path, text_of
    from .phrases import tidy

    chart = charts.get((*page.chart, lang)) if page.chart else None
    return env.get_template(page.template).render(
        page=page, lang=lang, lang_attr=LANG_ATTR[lang], other=other,
        other_attr=LANG_ATTR[other], other_name=LANG_NAME[other], w=words(lang), m=model,
        g=model.g, url=url, t=t, entry=entry_path, static=lambda name: href(here, f"static/{name}"),
        switch=href(here, f"{other}/{page.path}"), chart=chart, built=built,
        verdict_label=lambda v, subject=None: verdict_label(model.g, v, lang, subject), **page.ctx)


def href(here: str, target: str) -> str:
    """A relative, URL-quoted link from page ``here`` to ``target`` (both from the site root,
    without ``..``).

    >>> href("en/flows/hbv.html", "en/recommendations/6.html#top")
    '../recommendations/6.html#top'
    >>> href("en/flows/hbv/step/index.html", "en/flows/hbv/step/hbsag=negative/index.html")
    'hbsag=negative/index.html'
    >>> href("index.html", "static/site.css"), href("en/index.html", "en/index.html")
    ('static/site.css', 'index.html')
    """
    path, _, fragment = target.partition("#")
    folders, parts = here.split("/")[:-1], path.split("/")
    same = 0
    while same < min(len(folders), len(parts) - 1) and folders[same] == parts[same]:
        same += 1
    rel = "../" * (len(folders) - same) + "/".join(parts[same:])
    link = quote(rel, safe="/=+._-~")
    return f"{link}#{fragment}" if fragment else link


def _check_target(out: Path) -> Path:
    """``out`` if a site may be built there: new, empty, or an earlier build; else UsageError."""
    if out.is_symlink():
        raise UsageError(f"{out}: is a symbolic link; give the folder itself")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: is a file; give a folder for the site")
    try:
        if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
            raise UsageError(f"{out}: folder is not empty and holds no earlier site; give an "
                             f"empty or new folder")
    except PermissionError:
        raise UsageError(f"{out}: cannot read the folder: permission denied") from None
    return out


@contextmanager
def _beside(final: Path):
    """A new folder next to ``final`` to build into; when the block ends it replaces
    ``final`` (the old build is moved aside, then removed), and when the block fails or is
    interrupted it is removed, so ``final`` is never left half built."""
    import tempfile

    parent = final.parent if str(final.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".building", dir=parent))
    except OSError as exc:
        raise UsageError(f"{final}: cannot create the folder: {exc.strerror or exc}") from None
    try:
        yield work
        os.chmod(work, 0o777 & ~current_umask())
        _swap(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _swap(work: Path, final: Path) -> None:
    old = None
    try:
        if final.exists():
            old = final.with_name(f".{final.name}.old-{os.getpid()}")
            os.rename(final, old)
        os.rename(work, final)
    except OSError as exc:
        if old is not None and not final.exists():
            os.rename(old, final)
        raise UsageError(f"{final}: cannot replace the earlier site: {exc.strerror or exc}; "
                         f"it is unchanged") from None
    if old is not None:
        try:
            shutil.rmtree(old)
        except OSError as exc:
            raise UsageError(f"{final}: the new site is in place, but the earlier one, moved "
                             f"to {old}, could not be removed: {exc.strerror or exc}") from None


def _copy_static(out: Path) -> None:
    source = files("render.site") / "static"
    for item in sorted(source.iterdir(), key=lambda p: p.name):
        if item.is_file() and not item.name.startswith("."):
            write_in_build(out / "static" / item.name, item.read_bytes())
