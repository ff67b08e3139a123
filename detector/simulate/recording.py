"""How one investigator writes an indicator down. Each function returns the contract fields
``type``, ``value`` and optionally ``network`` for one Entity."""

from __future__ import annotations

import ipaddress
import random

from .indicators import Entity
from .phones import render_phone


def _defang_dots(text: str, rng: random.Random) -> str:
    style = rng.choice(("[.]", "[.]", "[.]", "(.)", "[dot]"))
    return text.replace(".", style)


def _mixed_case(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.5:
        return text.upper()
    return "".join(ch.upper() if rng.random() < 0.3 else ch for ch in text)


def _ipv4(rng: random.Random, v: str) -> str:
    r = rng.random()
    if r < 0.7:
        return v
    if r < 0.88:
        head, _, last = v.rpartition(".")
        return f"{head}[.]{last}"
    if r < 0.95:
        return v.replace(".", "[.]")
    head, _, last = v.rpartition(".")
    return f"{head}(.){last}"


def _ipv6(rng: random.Random, v: str) -> str:
    addr = ipaddress.IPv6Address(v)
    r = rng.random()
    if r < 0.5:
        return addr.compressed
    if r < 0.75:
        return addr.exploded
    if r < 0.9:
        return addr.compressed.upper()
    return ":".join(g.lstrip("0") or "0" for g in addr.exploded.split(":"))  # no :: compression


def _domain(rng: random.Random, v: str) -> str:
    r = rng.random()
    if r < 0.6:
        return v
    if r < 0.8:
        return _defang_dots(v, rng) if rng.random() < 0.3 else v[::-1].replace(".", "].[", 1)[::-1]
    if r < 0.9:
        return _mixed_case(rng, v)
    if r < 0.95:
        return v + "."
    return "www." + v


def _url(rng: random.Random, v: str) -> str:
    scheme, _, rest = v.partition("://")
    host, slash, path = rest.partition("/")
    r = rng.random()
    if r < 0.4:
        return v
    if r < 0.7:
        return f"hxxp{'s' if scheme == 'https' else ''}://{host.replace('.', '[.]')}{slash}{path}"
    if r < 0.8:
        return f"{scheme}[:]//{host}{slash}{path}"
    if r < 0.9:
        return f"{scheme}://{_mixed_case(rng, host)}{slash}{path}"
    return f"hxxp://{host}{slash}{path}" if scheme == "http" else f"{scheme}://{host.replace('.', '[.]')}{slash}{path}"


def _email(rng: random.Random, v: str) -> str:
    local, _, dom = v.partition("@")
    if dom in ("gmail.com", "googlemail.com"):
        bare = local.replace(".", "")
        r = rng.random()
        if r < 0.35:
            local = bare
        elif r < 0.6 and len(bare) > 3:
            i = rng.randrange(1, len(bare) - 1)
            local = bare[:i] + "." + bare[i:]
        if rng.random() < 0.25:
            local += "+" + rng.choice(("ops", "work", "tg", "1", "spam", "shop", "x"))
        if rng.random() < 0.1:
            dom = "googlemail.com"
    elif dom in ("outlook.com", "proton.me", "protonmail.com") and rng.random() < 0.15:
        local += "+" + rng.choice(("ops", "a", "fin"))
    r = rng.random()
    if r < 0.15:
        local = local[:1].upper() + local[1:] if "." not in local else ".".join(
            p[:1].upper() + p[1:] for p in local.split("."))
    elif r < 0.2:
        local, dom = local.upper(), dom.upper()
    r = rng.random()
    if r < 0.12:
        return f"{local}[@]{dom}"
    if r < 0.22:
        return f"{local}@{dom.replace('.', '[.]')}"
    if r < 0.25:
        return f"{local}[at]{dom.replace('.', '[dot]')}"
    return f"{local}@{dom}"


def _wallet(rng: random.Random, v: str, chain: str) -> tuple[str, str | None]:
    if chain == "ETH":
        r = rng.random()
        v = v if r < 0.5 else v.lower() if r < 0.95 else "0x" + v[2:].upper()
    elif chain == "BTC" and v.startswith("bc1") and rng.random() < 0.05:
        v = v.upper()
    r = rng.random()
    names = {"BTC": ("bitcoin", "Bitcoin", "btc"), "ETH": ("ethereum", "Ethereum", "ERC-20"),
             "XMR": ("monero", "Monero"), "TRX": ("TRON", "TRC20", "USDT-TRC20")}[chain]
    network = chain if r < 0.8 else rng.choice(names) if r < 0.92 else None
    return v, network


def _iban(rng: random.Random, v: str) -> str:
    r = rng.random()
    if r < 0.45:
        return v
    if r < 0.9:
        return " ".join(v[i:i + 4] for i in range(0, len(v), 4))
    if r < 0.95:
        return v.lower()
    return "-".join(v[i:i + 4] for i in range(0, len(v), 4))


def _username(rng: random.Random, v: str, platform: str) -> tuple[str, str | None]:
    r = rng.random()
    if platform == "telegram" and r < 0.5 or r < 0.15:
        v = "@" + v
    if rng.random() < 0.1:
        v = _mixed_case(rng, v)
    r = rng.random()
    net = platform if r < 0.75 else platform.capitalize() if r < 0.9 else None
    if platform == "telegram" and net and rng.random() < 0.1:
        net = "TG"
    return v, net


def _onion(rng: random.Random, v: str) -> str:
    r = rng.random()
    if r < 0.55:
        return v
    if r < 0.7:
        return f"http://{v}"
    if r < 0.85:
        return f"hxxp://{v.replace('.onion', '[.]onion')}"
    if r < 0.92:
        return v.replace(".onion", "[.]onion")
    return v.upper()


def record(rng: random.Random, e: Entity) -> dict:
    """The indicator dict (type, value, network) as one file records ``e``."""
    t, v, net = e.type, e.value, e.network
    if t == "ipv4":
        v = _ipv4(rng, v)
    elif t == "ipv6":
        v = _ipv6(rng, v)
    elif t == "cidr":
        v = v if rng.random() < 0.9 else v.replace(".", "[.]", 1)
    elif t == "domain":
        v = _domain(rng, v)
    elif t == "url":
        v = _url(rng, v)
    elif t == "email":
        v = _email(rng, v)
    elif t == "phone":
        country, _, nsn = v.partition(":")
        v = render_phone(rng, country, nsn)
    elif t == "crypto_wallet":
        v, net = _wallet(rng, v, net or "BTC")
    elif t == "file_hash":
        v = v.upper() if rng.random() < 0.4 else v
    elif t == "iban":
        v = _iban(rng, v)
    elif t == "username":
        v, net = _username(rng, v, net or "telegram")
    elif t == "onion":
        v = _onion(rng, v)
    out = {"type": t, "value": v}
    if net:
        out["network"] = net
    return out
