"""Who may call the CDS services: a CDS client's signed JWT checked against a trust file, or,
without a trust file, only a caller on this machine (CDS Hooks 2.0, "Trusting CDS Clients").

The trust file (JSON) names each issuer the service trusts and where its public keys are::

    {"issuers": {"https://ehr.example.org/": {"jwks_url": "https://ehr.example.org/jwks.json"},
                 "https://other.example.org": {"jwks": {"keys": [{"kty": "EC", ...}]}}}}

A token must be signed with an asymmetric algorithm by a key of that set (`kid` in its header),
carry `iss`, `aud` (the URL of the endpoint called), `exp`, `iat` and `jti`, and be used once.
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import jwt
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from graph import UsageError

# Asymmetric algorithms only: the specification forbids `none` and every shared-secret (HMAC) one.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
LEEWAY = 30  # seconds of clock difference tolerated on exp and iat
JTI_LIMIT = 100_000  # token ids remembered against replay (each until its token expires)
CLAIMS = ["iss", "aud", "exp", "iat", "jti"]


class Refused(Exception):
    """A caller the service does not answer: ``status`` (401 or 403) and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class _Issuer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    jwks_url: str | None = None
    jwks: dict | None = None

    @model_validator(mode="after")
    def _one_source(self):
        if (self.jwks_url is None) == (self.jwks is None):
            raise ValueError("give exactly one of jwks_url or jwks")
        return self


class _TrustFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    issuers: dict[str, _Issuer]


@dataclass
class Trust:
    """The issuers trusted, their key sets, and the token ids already used."""

    issuers: dict[str, _Issuer]
    fetch_timeout: float = 5.0
    _keys: dict = field(default_factory=dict)  # issuer -> PyJWKSet (inline) or PyJWKClient
    _seen: dict = field(default_factory=dict)  # (iss, jti) -> exp
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def key_for(self, iss: str, kid: str):
        """The public key ``kid`` of issuer ``iss`` (Refused when there is none)."""
        source = self.issuers[iss]
        try:
            if source.jwks is not None:
                keys = self._keys.get(iss) or self._keys.setdefault(iss, jwt.PyJWKSet.from_dict(source.jwks))
                match = [k for k in keys.keys if k.key_id == kid]
                if not match:
                    raise Refused(401, f"no key {kid!r} in the key set trusted for {iss}")
                return match[0].key
            client = self._keys.get(iss) or self._keys.setdefault(
                iss, jwt.PyJWKClient(source.jwks_url, cache_keys=True, timeout=self.fetch_timeout))
            return client.get_signing_key(kid).key
        except jwt.PyJWKClientError as exc:
            raise Refused(401, f"the key set of {iss} gives no key {kid!r} ({_line(exc)})") from None
        except jwt.PyJWKSetError as exc:
            raise Refused(401, f"the key set trusted for {iss} is unusable ({_line(exc)})") from None

    def remember(self, iss: str, jti: str, exp: float, now: float) -> None:
        """Refuse a token id seen before; forget ids whose tokens have expired."""
        with self._lock:
            if (iss, jti) in self._seen:
                raise Refused(401, "this token was used before (jti replayed)")
            if len(self._seen) >= JTI_LIMIT:
                for k in [k for k, e in self._seen.items() if e + LEEWAY < now]:
                    del self._seen[k]
            if len(self._seen) >= JTI_LIMIT:
                raise Refused(401, "too many tokens in use; try again shortly")
            self._seen[(iss, jti)] = exp


def load_trust(path: str | Path) -> Trust:
    """The trust file at ``path``; UsageError with one line when it is unreadable or wrong."""
    label = str(path)
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{label}: cannot read the trust file ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{label}: not JSON ({_line(exc)})") from None
    try:
        spec = _TrustFile.model_validate(doc)
    except ValidationError as exc:
        e = exc.errors()[0]
        where = ".".join(str(p) for p in e["loc"]) or "(top)"
        raise UsageError(f"{label}: {where}: {e['msg']}") from None
    for iss, source in spec.issuers.items():
        if source.jwks is not None:
            try:
                jwt.PyJWKSet.from_dict(source.jwks)
            except jwt.PyJWKSetError as exc:
                raise UsageError(f"{label}: issuers.{iss}.jwks: {_line(exc)}") from None
    return Trust(dict(spec.issuers))


def check_caller(trust: Trust | None, client_host: str | None, authorization: str | None,
                 audience: str, now: float | None = None) -> str:
    """Who is calling (the token's issuer, or 'loopback'); Refused for anyone else.

    ``audience`` is the URL of the endpoint called, which the token's ``aud`` must name.
    """
    if trust is None:
        if _loopback(client_host):
            return "loopback"
        raise Refused(403, "only callers on this machine are answered without a trust file "
                           "(start the server with a trust file to accept signed CDS clients)")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, "a signed JWT is required (Authorization: Bearer ...)")
    return _verify(trust, token.strip(), audience, time.time() if now is None else now)


def _verify(trust: Trust, token: str, audience: str, now: float) -> str:
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Refused(401, f"the token is not a JWT ({_line(exc)})") from None
    iss, kid = claims.get("iss"), header.get("kid")
    if not isinstance(iss, str) or iss not in trust.issuers:
        raise Refused(401, f"the issuer {iss!r} is not in the trust file")
    if header.get("alg") not in ALGORITHMS:
        raise Refused(401, f"algorithm {header.get('alg')!r} is not accepted (use one of "
                           f"{', '.join(ALGORITHMS)})")
    if not isinstance(kid, str) or not kid:
        raise Refused(401, "the token's header has no kid")
    source = trust.issuers[iss]
    if header.get("jku") is not None and header.get("jku") != source.jwks_url:
        raise Refused(401, "the token's jku is not the key set trusted for its issuer")
    key = trust.key_for(iss, kid)
    try:
        checked = jwt.decode(token, key, algorithms=[header["alg"]], audience=audience, issuer=iss,
                             leeway=LEEWAY, options={"require": CLAIMS})
    except jwt.ExpiredSignatureError:
        raise Refused(401, "the token has expired") from None
    except jwt.InvalidAudienceError:
        raise Refused(401, f"the token's aud does not name this endpoint ({audience})") from None
    except jwt.ImmatureSignatureError:
        raise Refused(401, "the token's iat is in the future") from None
    except jwt.MissingRequiredClaimError as exc:
        raise Refused(401, f"the token has no {exc.claim} claim") from None
    except jwt.PyJWTError as exc:
        raise Refused(401, f"the token is not valid ({_line(exc)})") from None
    if not isinstance(checked.get("jti"), str) or not checked["jti"]:
        raise Refused(401, "the token's jti must be a non-empty string")
    trust.remember(iss, checked["jti"], float(checked["exp"]), now)
    return iss


def _loopback(host: str | None) -> bool:
    try:
        return ipaddress.ip_address((host or "").strip("[]")).is_loopback
    except ValueError:
        return False


def _line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
