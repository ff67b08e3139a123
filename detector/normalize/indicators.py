"""Technical indicators, canonicalised so that two files' spellings of one thing become one key.

``normalize_indicator`` refangs, then applies the rules of the indicator's type. Each indicator
yields one or more :class:`IndicatorKey` (a URL also yields its host and registrable domain, an IP
its /24 for CIDR containment). Keys on public infrastructure (shipped list, non-global addresses)
are flagged ``public``: they are shown but weigh nothing and are not used to find candidates.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import phonenumbers
from email_normalize import normalize as normalize_email_address
from publicsuffixlist import PublicSuffixList
from stdnum import iban as stdnum_iban

_REFANG = (
    (re.compile(r"^hxxp", re.IGNORECASE), "http"), (re.compile(r"^fxp", re.IGNORECASE), "ftp"),
    (re.compile(r"[\[\(\{](\.|dot)[\]\)\}]", re.IGNORECASE), "."), (re.compile(r"\s+dot\s+", re.IGNORECASE), "."),
    (re.compile(r"[\[\(\{](@|at)[\]\)\}]", re.IGNORECASE), "@"), (re.compile(r"\s+at\s+", re.IGNORECASE), "@"),
    (re.compile(r"\[:\]"), ":"), (re.compile(r"\[/\]"), "/"),
)
_PLATFORM_ALIASES = {
    "twitter": "x", "x.com": "x", "twitter.com": "x", "tg": "telegram", "t.me": "telegram",
    "telegram.me": "telegram", "discord.com": "discord", "github.com": "github", "gh": "github",
    "instagram.com": "instagram", "ig": "instagram", "fb": "facebook", "facebook.com": "facebook",
    "vk.com": "vk", "vkontakte": "vk", "jabber": "xmpp",
}
# Hosts whose first path segment is a user handle: a URL there also names the account.
_HANDLE_HOSTS = {"t.me": "telegram", "telegram.me": "telegram", "github.com": "github",
                 "x.com": "x", "twitter.com": "x", "instagram.com": "instagram", "vk.com": "vk"}
_HEX_RE = re.compile(r"^[0-9a-f]+$")
# A mailbox name distinctive enough to be someone's handle elsewhere: has a digit or _ and 5+ chars.
_HANDLE_LIKE_LOCAL = re.compile(r"^(?=.*[0-9_])[a-z0-9_.\-]{5,64}$")
_ROLE_MAILBOXES = frozenset({"admin", "info", "support", "contact", "office", "sales", "billing", "noreply",
                             "no_reply", "security", "abuse", "webmaster", "postmaster", "finance", "accounts"})
_HASH_LENGTHS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}


class IndicatorError(ValueError):
    """The value cannot be read as an indicator of its declared type."""


@dataclass(frozen=True, slots=True)
class IndicatorKey:
    """A comparable key; ``kind`` selects the weight (see detector.matching.weights)."""

    kind: str
    value: str
    public: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True, slots=True)
class CanonicalIndicator:
    type: str
    canonical: str
    keys: tuple[IndicatorKey, ...]
    note: str = ""


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()  # bundled snapshot: no network


@lru_cache(maxsize=1)
def public_infrastructure() -> tuple[frozenset[str], tuple[ipaddress._BaseNetwork, ...]]:
    """Shipped list of public domains and address ranges (detector/data)."""
    text = resources.files("detector.data").joinpath("public_infrastructure.txt").read_text()
    domains, networks = set(), []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            domains.add(entry)
    return frozenset(domains), tuple(networks)


def refang(value: str) -> str:
    """Undo defanging (hxxp, [.], (dot), [@]) and trim quotes and spaces."""
    out = value.strip().strip("'\"<>`")
    for pattern, repl in _REFANG:
        out = pattern.sub(repl, out)
    return out.strip()


def is_public_domain(domain: str) -> bool:
    domains, _ = public_infrastructure()
    registrable = registrable_domain(domain)
    return domain in domains or registrable in domains


_LOCAL_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "::/127", "fc00::/7", "fe80::/10", "ff00::/8",
))


def is_public_address(addr: ipaddress._BaseAddress) -> bool:
    """Private, loopback and multicast addresses name different machines in different files;
    documentation ranges are kept (training and test data use them)."""
    if any(addr.version == net.version and addr in net for net in _LOCAL_NETWORKS):
        return True
    _, networks = public_infrastructure()
    return any(addr.version == net.version and addr in net for net in networks)


def canonical_host(host: str) -> str:
    host = refang(host).lower().rstrip(".")
    host = host.removeprefix("www.")
    try:
        return host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as exc:
        raise IndicatorError(f"not a valid domain name: {exc}") from None


def registrable_domain(host: str) -> str:
    return _psl().privatesuffix(host) or host


def _domain_keys(host: str) -> list[IndicatorKey]:
    if not re.match(r"^[a-z0-9_.-]+\.[a-z0-9-]{2,}$", host):
        raise IndicatorError("not a domain name")
    public = is_public_domain(host)
    keys = [IndicatorKey("host", host, public)]
    reg = registrable_domain(host)
    if reg != host:
        keys.append(IndicatorKey("regdomain", reg, public))
    else:
        keys.append(IndicatorKey("regdomain", host, public))
    return keys


def _ip_keys(value: str) -> CanonicalIndicator:
    text = refang(value).strip("[]")
    if re.match(r"^\d+\.\d+\.\d+\.\d+:\d+$", text):
        text = text.rsplit(":", 1)[0]
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        raise IndicatorError("not an IP address") from None
    if addr.version == 6 and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    public = is_public_address(addr)
    prefix = 24 if addr.version == 4 else 64
    net = ipaddress.ip_network(f"{addr}/{prefix}", strict=False)
    keys = (IndicatorKey("ip", str(addr), public), IndicatorKey("net", str(net), public))
    return CanonicalIndicator(f"ipv{addr.version}", str(addr), keys)


def _cidr_keys(value: str) -> CanonicalIndicator:
    try:
        net = ipaddress.ip_network(refang(value), strict=False)
    except ValueError:
        raise IndicatorError("not a CIDR range") from None
    public = is_public_address(net.network_address)
    keys = [IndicatorKey("cidr", str(net), public)]
    # Containment is found through the /24 (/64) blocks a range covers; wider ranges are too
    # coarse to be evidence of one crew and are kept only as the range itself.
    sub = 24 if net.version == 4 else 64
    if sub - 4 <= net.prefixlen <= sub:
        keys += [IndicatorKey("net", str(s), public) for s in net.subnets(new_prefix=sub)]
    elif net.prefixlen > sub:
        keys.append(IndicatorKey("net", str(net.supernet(new_prefix=sub)), public))
    return CanonicalIndicator("cidr", str(net), tuple(keys))


def _url_keys(value: str) -> CanonicalIndicator:
    text = refang(value)
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if not parts.hostname:
        raise IndicatorError("URL has no host")
    host = canonical_host(parts.hostname)
    path = parts.path.rstrip("/")
    canonical = host + path + (f"?{parts.query}" if parts.query else "")
    keys = [IndicatorKey("url", canonical)]  # a full URL is specific even on a public host
    try:
        ipaddress.ip_address(host)
        keys.extend(_ip_keys(host).keys)
    except ValueError:
        if host.endswith(".onion"):
            keys.append(IndicatorKey("onion", host))
        else:
            keys.extend(_domain_keys(host))
    platform = _HANDLE_HOSTS.get(host)
    segments = [s for s in path.split("/") if s]
    if platform and segments:
        keys.append(IndicatorKey("handle", f"{platform}:{segments[0].lstrip('@').lower()}"))
    return CanonicalIndicator("url", canonical, tuple(keys))


def _email_keys(value: str) -> CanonicalIndicator:
    text = refang(value).lower().removeprefix("mailto:")
    if text.count("@") != 1 or not text.split("@")[0]:
        raise IndicatorError("not an e-mail address (exactly one @ with a local part)")
    local, domain = text.split("@")
    if not domain:
        raise IndicatorError("e-mail address has no domain after the @")
    domain = canonical_host(domain)
    normalized = normalize_email_address(f"{local}@{domain}", skip_dns=True).normalized_address
    keys = [IndicatorKey("email", normalized)]
    handle = local.split("+", 1)[0]
    if _HANDLE_LIKE_LOCAL.match(handle) and handle not in _ROLE_MAILBOXES:
        keys.append(IndicatorKey("handle_any", handle))  # people reuse handles as mailbox names
    if not is_public_domain(domain):
        keys.extend(_domain_keys(domain))
    return CanonicalIndicator("email", normalized, tuple(keys))


def _phone_keys(value: str, regions: tuple[str, ...]) -> CanonicalIndicator:
    text = refang(value)
    compact = re.sub(r"[\s().\-/]", "", text)
    if compact.startswith("00") and len(compact) > 8:
        text = "+" + compact[2:]  # 00 is the international prefix almost everywhere (not in the US)
    fallback: phonenumbers.PhoneNumber | None = None
    for region in regions or ("ZZ",):
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            keys = (IndicatorKey("phone", e164), IndicatorKey("phone_national", str(number.national_number)))
            return CanonicalIndicator("phone", e164, keys)
        fallback = fallback or number
    digits = re.sub(r"\D", "", text)
    if len(digits) < 6:
        raise IndicatorError("not a phone number (fewer than 6 digits)")
    if fallback is not None and text.lstrip().startswith(("+", "00")):
        e164 = phonenumbers.format_number(fallback, phonenumbers.PhoneNumberFormat.E164)
        return CanonicalIndicator("phone", e164, (IndicatorKey("phone", e164),), "number not valid in its plan")
    # Written nationally in a file of another country: only the national number can meet.
    national = digits.lstrip("0")
    return CanonicalIndicator("phone", digits, (IndicatorKey("phone", digits), IndicatorKey("phone_national", national)),
                              "region unknown: digits only")


def _wallet_keys(value: str, network: str | None) -> CanonicalIndicator:
    text = refang(value).strip()
    if ":" in text and text.split(":", 1)[0].lower() in {"bitcoin", "ethereum", "monero", "litecoin", "tron"}:
        text = text.split(":", 1)[1].split("?", 1)[0]
    if not re.match(r"^[A-Za-z0-9]{20,110}$", text):
        raise IndicatorError("not a wallet address (20-110 letters and digits)")
    lowered = text.lower()
    if re.match(r"^0x[0-9a-f]{40}$", lowered):
        text = lowered  # EVM: the mixed case is only an EIP-55 checksum
    elif re.match(r"^(bc|tb|ltc|tltc)1[02-9ac-hj-np-z]{6,}$", lowered):
        text = lowered  # bech32 is case-insensitive, canonically lower
    return CanonicalIndicator("crypto_wallet", text, (IndicatorKey("wallet", text),),
                              (network or "").upper())


def _hash_keys(value: str) -> CanonicalIndicator:
    text = refang(value).lower()
    text = re.sub(r"^(md5|sha1|sha-1|sha256|sha-256|sha512|sha-512)[:=]\s*", "", text)
    if not _HEX_RE.match(text) or len(text) not in _HASH_LENGTHS:
        raise IndicatorError("not an MD5/SHA-1/SHA-256/SHA-512 hex digest")
    return CanonicalIndicator("file_hash", text, (IndicatorKey("hash", text),), _HASH_LENGTHS[len(text)])


def _iban_keys(value: str) -> CanonicalIndicator:
    compact = stdnum_iban.compact(refang(value))
    if not re.match(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$", compact):
        raise IndicatorError("not an IBAN (country, check digits, account)")
    note = "" if stdnum_iban.is_valid(compact) else "check digits do not verify"
    return CanonicalIndicator("iban", compact, (IndicatorKey("iban", compact),), note)


def _username_keys(value: str, network: str | None) -> CanonicalIndicator:
    text = refang(value).strip()
    if "/" in text:  # a profile link instead of the handle: t.me/sanya_k, https://x.com/@sanya
        parts = urlsplit(text if "://" in text else "https://" + text)
        host = canonical_host(parts.hostname or "")
        segments = [seg for seg in parts.path.split("/") if seg]
        if host in _HANDLE_HOSTS and segments:
            text, network = segments[0], network or _HANDLE_HOSTS[host]
    handle = text.lstrip("@").lower()
    if not handle or " " in handle:
        raise IndicatorError("not a handle (empty or contains spaces)")
    platform = (network or "").strip().lower()
    platform = _PLATFORM_ALIASES.get(platform, platform)
    keys = [IndicatorKey("handle_any", handle)]
    if platform:
        keys.insert(0, IndicatorKey("handle", f"{platform}:{handle}"))
    canonical = f"{platform}:{handle}" if platform else handle
    return CanonicalIndicator("username", canonical, tuple(keys))


def _onion_keys(value: str) -> CanonicalIndicator:
    text = refang(value).lower()
    host = urlsplit(text if "://" in text else "http://" + text).hostname or ""
    if not re.match(r"^([a-z2-7]{16}|[a-z2-7]{56})\.onion$", host):
        raise IndicatorError("not a v2/v3 onion address")
    return CanonicalIndicator("onion", host, (IndicatorKey("onion", host),))


def normalize_indicator(
    type_: str, value: str, network: str | None = None, regions: tuple[str, ...] = ()
) -> CanonicalIndicator:
    """Canonical form and comparison keys of one indicator.

    ``regions`` are the ISO countries to read a national phone number in, most likely first
    (the notifying state, then the suspect's nationalities). Raises IndicatorError.
    """
    try:
        return _normalize(type_, value, network, regions)
    except IndicatorError:
        raise
    except (ValueError, UnicodeError, IndexError) as exc:  # parsers' own complaints, one error type
        raise IndicatorError(f"cannot read as {type_}: {exc}") from None


def _normalize(type_: str, value: str, network: str | None, regions: tuple[str, ...]) -> CanonicalIndicator:
    if type_ in ("ipv4", "ipv6"):
        return _ip_keys(value)
    if type_ == "cidr":
        return _cidr_keys(value)
    if type_ == "domain":
        host = canonical_host(value.split("/", 1)[0] if "://" not in value else urlsplit(refang(value)).hostname or "")
        if host.endswith(".onion"):
            return _onion_keys(host)
        return CanonicalIndicator("domain", host, tuple(_domain_keys(host)))
    if type_ == "url":
        return _url_keys(value)
    if type_ == "email":
        return _email_keys(value)
    if type_ == "phone":
        return _phone_keys(value, regions)
    if type_ == "crypto_wallet":
        return _wallet_keys(value, network)
    if type_ == "file_hash":
        return _hash_keys(value)
    if type_ == "iban":
        return _iban_keys(value)
    if type_ == "username":
        return _username_keys(value, network)
    if type_ == "onion":
        return _onion_keys(value)
    raise IndicatorError(f"unknown indicator type {type_!r}")
