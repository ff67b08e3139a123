"""Technical indicators: a crew's own infrastructure, shared public/commodity noise, and the many
ways an investigator records the same thing (defanged, reformatted, URL vs domain, ...)."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass, field

from . import crypto
from .phones import new_number


@dataclass(frozen=True)
class Entity:
    """One real-world thing; every case that sees it records it in its own form."""

    eid: str
    type: str
    value: str  # canonical
    network: str | None = None
    owner: str | None = None  # person id the thing is attributed to
    public: bool = False  # shared noise (resolvers, big providers, bulletproof hosting...)
    domain_eid: str | None = None  # for URLs: the domain entity it lives on
    extra: tuple = ()


PUBLIC_IPV4 = ["8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "208.67.222.222"]
PUBLIC_IPV6 = ["2001:4860:4860::8888", "2606:4700:4700::1111", "2620:fe::fe"]
CDN_IPV4 = ["104.16.132.229", "104.21.48.1", "172.67.182.31", "151.101.1.69", "13.107.42.14",
            "52.84.150.11", "23.215.0.136", "142.250.185.78"]
TOR_EXITS = ["185.220.101.47", "185.220.101.33", "185.220.100.252", "199.249.230.87"]
PUBLIC_DOMAINS = ["gmail.com", "outlook.com", "github.com", "t.me", "bit.ly", "cloudflare.com",
                  "discord.com", "pastebin.com", "tinyurl.com", "mega.nz", "drive.google.com",
                  "anydesk.com", "dropbox.com", "raw.githubusercontent.com"]
SHORTENERS = ["https://bit.ly/", "https://tinyurl.com/", "https://t.ly/", "https://cutt.ly/"]
MAIL_PROVIDERS = ["gmail.com"] * 5 + ["outlook.com", "hotmail.com", "proton.me", "protonmail.com",
                                      "yandex.ru", "mail.ru", "ukr.net", "qq.com", "163.com",
                                      "yahoo.com", "gmx.de", "tutanota.com", "cock.li"]
_TLDS = ["top", "xyz", "online", "site", "ru", "cc", "io", "shop", "live", "info", "net", "com",
         "su", "pw", "click", "icu", "biz"]
_WORDS = ["files", "update", "secure", "login", "verify", "account", "cloud", "cdn", "support", "portal", "service", "sync", "auth", "wallet", "bonus", "invest", "crypto", "trade", "market", "pay", "billing", "docs", "office", "mail", "drive", "share", "node", "proxy", "panel", "track", "stat", "api", "data", "web", "app", "id", "signin", "secure-id", "helpdesk"]
_BRANDS = ["microsoft", "office365", "paypal", "dhl", "binance", "coinbase", "amazon", "apple",
           "netflix", "deutschebank", "sparkasse", "santander", "bnpparibas", "postnl", "nhs"]
_PATHS = ["payload.bin", "update.exe", "invoice.zip", "login.php", "gate.php", "panel/", "dl/setup.msi",
          "wp-content/uploads/doc.js", "api/v1/beacon", "verify/index.html", "c2/submit", "a.ps1"]
PLATFORMS = ["telegram"] * 5 + ["discord", "x", "github", "jabber", "exploit.in", "xss.is",
                                "instagram", "whatsapp", "signal"]


@dataclass
class World:
    """Noise shared by unrelated crews, drawn once per seed."""

    bulletproof_ipv4: list[str] = field(default_factory=list)
    bulletproof_cidr: list[str] = field(default_factory=list)
    commodity_hashes: list[str] = field(default_factory=list)  # AnyDesk, Mimikatz, beacon loaders
    exchange_wallets: list[tuple[str, str]] = field(default_factory=list)  # exchange deposit/hot wallets


def make_world(rng: random.Random) -> World:
    w = World()
    for _ in range(4):
        net = f"{rng.choice((45, 91, 193, 194, 5, 185))}.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}"
        w.bulletproof_cidr.append(f"{net}.0/24")
        w.bulletproof_ipv4 += [f"{net}.{rng.randrange(2, 254)}" for _ in range(2)]
    w.commodity_hashes = [rng.randbytes(32).hex() for _ in range(8)]
    w.exchange_wallets = [("BTC", crypto.btc_address(rng)), ("ETH", crypto.eth_address(rng)),
                          ("TRX", crypto.trx_address(rng))]
    return w


def _ipv4(rng: random.Random) -> str:
    first = rng.choice((5, 31, 37, 45, 46, 62, 77, 78, 79, 80, 82, 89, 91, 92, 94, 95, 103, 141,
                        146, 149, 151, 162, 167, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217))
    return f"{first}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"


def _ipv6(rng: random.Random) -> str:
    groups = [rng.choice(("2a01", "2a02", "2a05", "2a06", "2a0e", "2001", "2604", "2400")),
              f"{rng.randrange(0, 65536):x}", f"{rng.randrange(0, 65536):x}", "0", "0", "0",
              f"{rng.randrange(0, 65536):x}", f"{rng.randrange(1, 65536):x}"]
    return str(ipaddress.IPv6Address(":".join(groups)))


def crew_domain(rng: random.Random, victim_brand: bool = False) -> str:
    if victim_brand and rng.random() < 0.5:
        return f"{rng.choice(_BRANDS)}-{rng.choice(_WORDS)}.{rng.choice(_TLDS)}"
    a, b = rng.sample(_WORDS, 2)
    sep = rng.choice(("-", "", "-"))
    return f"{a}{sep}{b}{rng.choice(('', '', str(rng.randrange(2, 99))))}.{rng.choice(_TLDS)}"


_MO_BOOST = {
    "ransomware": {"onion": 2, "crypto_wallet": 2, "file_hash": 3, "ipv4": 2},
    "phishing": {"domain": 2, "url": 3, "email": 1, "iban": 1},
    "bec": {"email": 2, "domain": 1, "iban": 2},
    "sim_swap": {"phone": 2, "crypto_wallet": 1},
    "investment_fraud": {"iban": 2, "crypto_wallet": 2, "phone": 1, "domain": 1, "username": 1},
    "romance_scam": {"iban": 1, "crypto_wallet": 1, "phone": 1, "username": 1},
    "ddos": {"ipv4": 3, "cidr": 1, "ipv6": 1},
    "carding": {"domain": 2, "crypto_wallet": 1, "username": 1},
    "csam_distribution": {"onion": 2, "username": 2, "crypto_wallet": 1},
    "sextortion": {"email": 2, "crypto_wallet": 1},
    "infostealer": {"file_hash": 3, "url": 1, "username": 1},
    "crypto_drainer": {"crypto_wallet": 3, "domain": 2},
    "tech_support_scam": {"phone": 1, "domain": 1, "url": 1},
}


def identity_key(t: str, value: str) -> str:
    """What makes two of a crew's own things the same thing (a Gmail address ignores dots)."""
    value = value.lower()
    if t == "email":
        local, _, dom = value.partition("@")
        if dom in ("gmail.com", "googlemail.com"):
            return f"email:{local.replace('.', '')}@gmail.com"
    return f"{t}:{value}"


def crew_infrastructure(rng: random.Random, world: World, crew: str, mo: str, people: list,
                        home_country: str, taken: set[str]) -> list[Entity]:
    """A crew's own things (plus the bulletproof/commodity noise it happens to use). ``taken``
    holds the identity keys of every other crew's own things: unrelated crews never share one."""
    boost = _MO_BOOST.get(mo, {})
    out: list[Entity] = []

    def add(t: str, value: str, **kw) -> Entity:
        if not kw.get("public"):
            while identity_key(t, value) in taken:
                if t == "domain":
                    value = f"{rng.choice(_WORDS)}-{value}"
                elif t == "email":
                    local, _, dom = value.partition("@")
                    value = f"{local}{rng.randrange(10)}@{dom}"
                else:
                    value = value + str(rng.randrange(10)) if t == "username" else value
                    break
            taken.add(identity_key(t, value))
        e = Entity(f"{crew}/{len(out)}", t, value, **kw)
        out.append(e)
        return e

    def count(t: str, base: int) -> int:
        return rng.randrange(0, base + 1) + boost.get(t, 0) * rng.randrange(0, 2)

    domains = [add("domain", crew_domain(rng, mo in ("phishing", "bec", "crypto_drainer")))
               for _ in range(max(1, count("domain", 2)))]
    for _ in range(count("url", 1)):
        d = rng.choice(domains)
        add("url", f"https://{d.value}/{rng.choice(_PATHS)}", domain_eid=d.eid)
    for _ in range(max(1, count("ipv4", 1))):
        add("ipv4", _ipv4(rng))
    if rng.random() < 0.25:
        add("ipv4", rng.choice(world.bulletproof_ipv4), public=True)
    if rng.random() < 0.12:
        add("cidr", rng.choice(world.bulletproof_cidr), public=True)
    if count("cidr", 0):
        add("cidr", str(ipaddress.ip_network(_ipv4(rng) + "/24", strict=False)))
    for _ in range(count("ipv6", 0) + (rng.random() < 0.3)):
        add("ipv6", _ipv6(rng))
    persons = [p for p in people if p.kind == "person"]
    for p in persons:
        for _ in range(rng.choice((0, 1, 1, 2)) + boost.get("email", 0) // 2):
            local = _email_local(rng, p)
            add("email", f"{local}@{rng.choice(MAIL_PROVIDERS)}", owner=p.pid)
        if rng.random() < 0.45 + 0.2 * boost.get("phone", 0):
            country, nsn = new_number(rng, p.nationality if rng.random() < 0.7 else home_country)
            add("phone", f"{country}:{nsn}", owner=p.pid)
        if rng.random() < 0.75:
            add("username", p.handle, network=rng.choice(PLATFORMS), owner=p.pid)
    if rng.random() < 0.3:
        add("email", f"{rng.choice(('admin', 'support', 'billing', 'info', 'noreply'))}@{domains[0].value}")
    for _ in range(max(1, count("crypto_wallet", 1))):
        chain = rng.choices(("BTC", "ETH", "XMR", "TRX"), (50, 22, 13, 15))[0]
        value = {"BTC": crypto.btc_address, "ETH": crypto.eth_address, "XMR": crypto.xmr_address,
                 "TRX": crypto.trx_address}[chain](rng)
        add("crypto_wallet", value, network=chain)
    if rng.random() < 0.1:
        chain, value = rng.choice(world.exchange_wallets)
        add("crypto_wallet", value, network=chain, public=True)
    for _ in range(count("file_hash", 1)):
        add("file_hash", rng.randbytes(rng.choice((16, 20, 32, 32))).hex())
    if rng.random() < 0.2:
        add("file_hash", rng.choice(world.commodity_hashes), public=True)
    for _ in range(count("iban", 0) + (rng.random() < 0.2)):
        add("iban", crypto.iban(rng, rng.choice(sorted(crypto.IBAN_BBAN))))
    if count("onion", 0) or rng.random() < 0.08:
        add("onion", crypto.onion_v3(rng))
    return out


def _email_local(rng: random.Random, p) -> str:
    from .romanise import strip_diacritics
    g = strip_diacritics(p.given.latin[0]).lower().replace(" ", "").replace("'", "")
    f = strip_diacritics(p.family.latin[0]).lower().replace(" ", "").replace("'", "")
    g = "".join(ch for ch in g if ch.isalnum()) or "user"
    f = "".join(ch for ch in f if ch.isalnum()) or "x"
    return rng.choice((f"{g}.{f}", f"{g}{f[:1]}", p.handle.replace("_", "."), f"{f}{rng.randrange(70, 99)}",
                       f"{g[:4]}.{f[:1]}{rng.randrange(1, 9)}", p.handle))


def noise_entities(rng: random.Random, world: World, case_tag: str) -> list[Entity]:
    """Public things an investigator notes although they identify nobody."""
    out: list[Entity] = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        kind = rng.randrange(7)
        eid = f"noise/{case_tag}/{len(out)}"
        if kind == 0:
            out.append(Entity(eid, "ipv4", rng.choice(PUBLIC_IPV4), public=True))
        elif kind == 1:
            out.append(Entity(eid, "domain", rng.choice(PUBLIC_DOMAINS), public=True))
        elif kind == 2:
            tail = "".join(rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7))
            out.append(Entity(eid, "url", rng.choice(SHORTENERS) + tail, public=True))
        elif kind == 3:
            out.append(Entity(eid, "ipv4", rng.choice(CDN_IPV4 + TOR_EXITS), public=True))
        elif kind == 4:
            out.append(Entity(eid, "ipv6", rng.choice(PUBLIC_IPV6), public=True))
        elif kind == 5:
            out.append(Entity(eid, "ipv4", rng.choice(world.bulletproof_ipv4), public=True))
        else:
            out.append(Entity(eid, "file_hash", rng.choice(world.commodity_hashes), public=True))
    return out
