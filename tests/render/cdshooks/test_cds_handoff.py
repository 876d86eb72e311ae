"""The card's link to the check carries no fact: an opaque, short-lived token whose page POSTs
the record's facts (hidden fields) to the check; nothing reaches a URL, a log or a disk."""

import re
from html.parser import HTMLParser

from cds_helpers import BASE, TODAY, G, bundle, call, make_app, prefetch_of, request

from flows.fhir import facts_from_fhir
from render.cdshooks import Handoffs
from render.cdshooks.handoff import Handoff, page

PV = "/cds-services/nmosd-inebilizumab-patient-view"


class Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action, self.fields = None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.action = (a["method"], a["action"])
        elif tag == "input":
            self.fields.append((a["name"], a["value"]))


def link_of(app) -> str:
    body = request("patient-view", "demo-hbv-carrier", prefetch_of(bundle("hbv-carrier")))
    card = call(app, "POST", PV, body).json()["cards"][0]
    (link,) = card["links"]
    assert link["type"] == "absolute"
    return link["url"]


def test_the_link_is_an_opaque_token_with_no_fact():
    url = link_of(make_app())
    assert re.fullmatch(re.escape(BASE) + r"/cds-check/[A-Za-z0-9_\-]{32}", url)


def test_the_page_posts_the_records_facts_to_the_check():
    app = make_app(check_url="/check")
    r = call(app, "GET", link_of(app).removeprefix(BASE))
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store" and r.headers["referrer-policy"] == "no-referrer"
    form = Form()
    form.feed(r.text)
    assert form.action == ("post", "/check")
    expected = facts_from_fhir(bundle("hbv-carrier"), G, TODAY).typed(G)
    fields = dict(form.fields)
    assert fields["id"] == "demo-hbv-carrier" and fields["bundle"] == "start"
    assert {k[2:]: v for k, v in fields.items() if k.startswith("f:")} == {
        k: (str(v) if not isinstance(v, float) else format(v, ".15g")) for k, v in expected.items()}
    assert fields["f:anti_hbc"] == "positive" and fields["f:serum_igg_mg_dl"] == "980"


def test_an_expired_or_unknown_token_gives_a_page_saying_so():
    now = [1000.0]
    app = make_app(handoffs=Handoffs(ttl=900, clock=lambda: now[0]))
    path = link_of(app).removeprefix(BASE)
    now[0] += 899
    assert call(app, "GET", path).status_code == 200
    now[0] += 2
    r = call(app, "GET", path)
    assert r.status_code == 404 and "expired" in r.text and "f:" not in r.text
    assert call(app, "GET", "/cds-check/unknown").status_code == 404


def test_only_so_many_handoffs_are_kept():
    store = Handoffs(keep=2)
    first = store.put(Handoff("p", (), (), "start", ()))
    store.put(Handoff("q", (), (), "start", ()))
    store.put(Handoff("r", (), (), "start", ()))
    assert store.get(first) is None


def test_the_page_escapes_what_it_shows():
    html = page(Handoff('p"1', (("hbsag", "<b>"),), (("<i>HBsAg</i>", "a&b"),), "start", ()),
                '/check?x="y"', "en")
    assert "<i>" not in html and "<b>" not in html and "&lt;i&gt;HBsAg" in html
    assert 'value="p&quot;1"' in html and 'action="/check?x=&quot;y&quot;"' in html
