"""The card's link to the check, pre-filled without a fact in any URL.

A card's link is a plain GET that reaches access logs, so it carries only an opaque random
token. The token names facts held in this process's memory for a short time; its page shows
the facts and one button that POSTs them (hidden form fields, never logged) to the check.
Nothing is written to disk; a restart forgets every token.
"""

from __future__ import annotations

import html
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from ..server import KNOWN  # the check's hidden field for an answer already given

TTL = 15 * 60  # seconds a link stays valid
KEEP = 2000  # links held at most (the oldest are forgotten first)


@dataclass(frozen=True)
class Handoff:
    """What the check is opened with."""

    patient_id: str
    facts: tuple[tuple[str, str], ...]  # (fact, canonical text), e.g. ("hbsag", "negative")
    shown: tuple[tuple[str, str], ...]  # (label, value as read) for the page
    bundle: str
    flows: tuple[str, ...]


class Handoffs:
    """Short-lived tokens for pre-filled checks, in memory only."""

    def __init__(self, ttl: float = TTL, keep: int = KEEP, clock=time.monotonic):
        self.ttl, self.keep, self.clock = ttl, keep, clock
        self._items: OrderedDict[str, tuple[float, Handoff]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, handoff: Handoff) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._items[token] = (self.clock() + self.ttl, handoff)
            while len(self._items) > self.keep:
                self._items.popitem(last=False)
        return token

    def get(self, token: str) -> Handoff | None:
        """The handoff of ``token`` while it is valid (it may be opened more than once)."""
        with self._lock:
            item = self._items.get(token)
            if item is None:
                return None
            if item[0] <= self.clock():
                del self._items[token]
                return None
            return item[1]


WORDS = {
    "en": {"title": "Open the check with the record's facts", "button": "Open the check",
           "lead": "These facts were read from the patient's record. The check opens with them "
                   "filled in; it asks for what the record could not give.",
           "none": "The record gave no facts; the check opens empty.",
           "gone": "This link has expired or is unknown. Call the CDS service again for a new one."},
    "zh": {"title": "以病历中的事实打开核查", "button": "打开核查",
           "lead": "以下事实读取自患者病历。核查页面将预先填入这些事实，并询问病历无法提供的内容。",
           "none": "病历未提供任何事实；核查页面将为空。",
           "gone": "该链接已过期或无效。请重新调用CDS服务以获取新链接。"},
}


def page(handoff: Handoff, check_url: str, lang: str) -> str:
    """The page a card's link opens: the facts, and a form that POSTs them to the check."""
    w, e = WORDS[lang], html.escape
    hidden = [("id", handoff.patient_id), ("bundle", handoff.bundle)]
    hidden += [("flow", f) for f in handoff.flows]
    hidden += [(KNOWN + name, text) for name, text in handoff.facts]
    fields = "\n".join(f'<input type="hidden" name="{e(k)}" value="{e(v)}">' for k, v in hidden)
    rows = "\n".join(f"<li><strong>{e(label)}</strong>: {e(value)}</li>" for label, value in handoff.shown)
    table = f"<ul>\n{rows}\n</ul>" if rows else f"<p>{e(w['none'])}</p>"
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="referrer" content="no-referrer">'
            f"<title>{e(w['title'])}</title></head>\n<body><main>\n<h1>{e(w['title'])}</h1>\n"
            f"<p>{e(w['lead'])}</p>\n{table}\n"
            f'<form method="post" action="{e(check_url)}">\n{fields}\n'
            f"<p><button type=\"submit\">{e(w['button'])}</button></p>\n</form>\n</main></body></html>\n")


def gone(lang: str) -> str:
    w, e = WORDS[lang], html.escape
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{e(w['title'])}</title></head>\n<body><main><p>{e(w['gone'])}</p></main>"
            f"</body></html>\n")
