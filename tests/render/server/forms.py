"""Reading the check's page as a browser without JavaScript would: the fields form#check
submits (hidden answers, the chosen bundle and flows, the patient id), the questions asked,
and the verdicts shown."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class CheckPage(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.buttons: dict[str, list[str]] = {}  # name -> values of its submit buttons
        self.inputs: set[str] = set()  # names of number, date and select fields
        self._in_form = False
        self.feed(html)
        self.html = html

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = a.get("id") == "check"
        if not self._in_form:
            return
        kind = a.get("type", "text")
        if tag == "input" and kind == "hidden" or tag == "input" and kind == "text":
            if a.get("value") or kind == "hidden":
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "input" and kind in ("radio", "checkbox") and "checked" in a:
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "input" or tag == "select":
            self.inputs.add(a.get("name", ""))
        elif tag == "button" and a.get("name"):
            self.buttons.setdefault(a["name"], []).append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False

    def asked(self) -> set[str]:
        """Facts the page asks as still needed (not the situational ones under "More about
        the patient", nor the report's dates)."""
        part = self.html.split('<section class="ask"', 1)[1].split("</section>", 1)[0]
        part = part.split('<details class="more"', 1)[0]
        return set(re.findall(r'name="(?:set|num|date):([\w]+)"', part))

    def offered(self) -> set[str]:
        """Every fact the page has a question for."""
        names = [*self.buttons, *self.inputs]
        return {n.partition(":")[2] for n in names if n.startswith(("set:", "num:", "date:"))}

    def overall(self) -> str | None:
        """The overall verdict's id, or None while pending."""
        m = re.search(r'<section class="overall(?: v-([\w-]+))?', self.html)
        return m.group(1)

    def headline(self) -> str:
        return re.search(r'<p class="overall-verdict">([^<]*)</p>', self.html).group(1)

    def flow_verdict(self, flow: str) -> str | None:
        m = re.search(rf'<article class="flow-result(?: v-([\w-]+))? status-[\w_]+" '
                      rf'id="result-{flow}">', self.html)
        assert m, f"no flow {flow} on the page"
        return m.group(1)


def submit(client, page: CheckPage, path: str, *extra: tuple[str, str]):
    """POST form#check as the browser would after a click: its fields and the button's."""
    r = client.post(path, data=None, content=_encode([*page.fields, *extra]),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    return r, CheckPage(r.text)


def _encode(pairs) -> bytes:
    from urllib.parse import urlencode

    return urlencode(pairs).encode()
