"""The patient's record for one hook call: the prefetched data, and what is missing fetched from
the client's FHIR server with the request's access token (or said to be missing)."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

READ = ("Patient", "Observation", "Condition")  # what facts_from_fhir reads
PAGES = 10  # search pages followed per query (`next` links on the same server only)
# The FHIR queries carry the patient's id: keep httpx's line per request out of every log.
logging.getLogger("httpx").setLevel(logging.WARNING)


@dataclass
class Gathered:
    """Resources by prefetch key, and one line for each key that could not be had."""

    resources: dict[str, list[dict]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)  # keys read from the FHIR server

    def record(self) -> dict:
        """The resources facts_from_fhir reads, as one collection Bundle."""
        entries = [{"resource": r} for key in ("patient", "observations", "conditions")
                   for r in self.resources.get(key, ()) if r.get("resourceType") in READ]
        return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def resources_of(value) -> list[dict] | None:
    """The resources a prefetch value holds: a resource, a Bundle's entries, [] for null;
    None when the client says it failed (an OperationOutcome) or the value is not FHIR."""
    if value is None:
        return []
    if not isinstance(value, dict) or not isinstance(value.get("resourceType"), str):
        return None
    if value["resourceType"] == "OperationOutcome":
        return None
    if value["resourceType"] == "Bundle":
        return [e["resource"] for e in value.get("entry") or ()
                if isinstance(e, dict) and isinstance(e.get("resource"), dict)
                and e["resource"].get("resourceType") != "OperationOutcome"]
    return [value]


def server_problem(url) -> str | None:
    """Why ``url`` may not be called (https, or http on this machine only); None when it may."""
    if not isinstance(url, str):
        return "fhirServer is not a URL"
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname:
        try:
            if ipaddress.ip_address(parts.hostname).is_loopback:
                return None
        except ValueError:
            if parts.hostname == "localhost":
                return None
    return "fhirServer must be an https URL (http only on this machine)"


async def gather(body: dict, queries: dict[str, str | None], timeout: float,
                 transport: httpx.AsyncBaseTransport | None = None) -> Gathered:
    """Each prefetch key's resources, from ``prefetch`` or else from ``fhirServer``.

    ``queries`` maps each key to its filled template (None when the context cannot fill it).
    """
    out = Gathered()
    prefetch = body.get("prefetch") if isinstance(body.get("prefetch"), dict) else {}
    todo = {}
    for key, query in queries.items():
        found = resources_of(prefetch[key]) if key in prefetch else None
        if found is not None:
            out.resources[key] = found
        elif query is None:
            out.missing.append(f"{key}: the hook context gives no usable patientId")
        else:
            todo[key] = query
    if not todo:
        return out
    server = body.get("fhirServer")
    why = server_problem(server) if server is not None else "no prefetch and no fhirServer given"
    if why:
        out.missing += [f"{key}: {why}" for key in todo]
        return out
    auth = body.get("fhirAuthorization") or {}
    headers = {"Accept": "application/fhir+json"}
    if isinstance(auth, dict) and isinstance(auth.get("access_token"), str):
        headers["Authorization"] = f"Bearer {auth['access_token']}"
    base = server.rstrip("/") + "/"
    async with httpx.AsyncClient(timeout=timeout, transport=transport, headers=headers,
                                 follow_redirects=False) as client:
        # The queries run side by side; each, pages included, is bounded by twice the timeout.
        results = await asyncio.gather(*(asyncio.wait_for(_fetch(client, base, base + query), 2 * timeout)
                                         for query in todo.values()), return_exceptions=True)
    for key, result in zip(todo, results, strict=True):
        if isinstance(result, list):
            out.resources[key] = result
            out.fetched.append(key)
        elif isinstance(result, _FetchError):
            out.missing.append(f"{key}: {result}")
        elif isinstance(result, TimeoutError):
            out.missing.append(f"{key}: the FHIR server did not answer in time")
        else:
            raise result
    return out


class _FetchError(Exception):
    pass


async def _fetch(client: httpx.AsyncClient, base: str, url: str) -> list[dict]:
    found: list[dict] = []
    for _ in range(PAGES):
        try:
            response = await client.get(url)
        except httpx.TimeoutException:
            raise _FetchError("the FHIR server did not answer in time") from None
        except httpx.HTTPError as exc:
            raise _FetchError(f"the FHIR server could not be reached ({type(exc).__name__})") from None
        if response.status_code == 404 and "?" not in url:
            return found  # a read of a resource that does not exist: no data
        if response.status_code != 200:
            raise _FetchError(f"the FHIR server answered HTTP {response.status_code}")
        try:
            doc = response.json()
        except ValueError:
            raise _FetchError("the FHIR server's answer is not JSON") from None
        resources = resources_of(doc)
        if resources is None:
            raise _FetchError("the FHIR server's answer is not a FHIR resource")
        found += resources
        url = next((link.get("url") for link in doc.get("link") or ()
                    if isinstance(link, dict) and link.get("relation") == "next"), None)
        if doc.get("resourceType") != "Bundle" or not isinstance(url, str) or not url.startswith(base):
            return found
    return found
