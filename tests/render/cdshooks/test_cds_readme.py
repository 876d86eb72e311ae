"""The README's CDS Hooks call answers what the README shows (on the date its card names)."""

import asyncio
import datetime as dt
import json
import re

import httpx
from cds_helpers import ROOT, G
from starlette.applications import Starlette

from render.cdshooks import CdsConfig, routes

CALL = "nmosd-inebilizumab-patient-view | python3 -m json.tool --indent 1 --no-ensure-ascii\n"


def test_the_readme_curl_example_is_true():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = json.loads(readme.split(CALL)[1].split("\n```")[0])
    day = dt.date.fromisoformat(re.search(r"Record read as of (\d{4}-\d\d-\d\d)",
                                          shown["cards"][0]["detail"]).group(1))
    app = Starlette(routes=routes(G, config=CdsConfig(today=lambda: day)))
    body = json.loads((ROOT / "examples" / "cds-hooks" / "patient-view.json").read_text(encoding="utf-8"))

    async def go():
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as http:
            return await http.post("/cds-services/nmosd-inebilizumab-patient-view", json=body)

    answered = asyncio.run(go()).json()

    def same(doc):  # a card's uuid and hand-off token differ on every call
        return [{**c, "uuid": "-", "links": [{**link, "url": link["url"].rsplit("/", 1)[0]}
                                             for link in c["links"]]} for c in doc["cards"]]

    assert same(answered) == same(shown)
