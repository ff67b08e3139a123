"""Well-formed identifiers made from random bytes: ETH (EIP-55), BTC (base58check, bech32),
TRX, XMR-shaped, onion v3, IBAN (ISO 13616 mod-97). Stdlib only."""

from __future__ import annotations

import base64
import hashlib
import random

# ---------------------------------------------------------------- Keccak-256 (for EIP-55)

_RC = [0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
       0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
       0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
       0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
       0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
       0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008]
_ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56],
        [27, 20, 39, 8, 14]]
_M = (1 << 64) - 1


def _rol(v: int, n: int) -> int:
    return ((v << n) | (v >> (64 - n))) & _M if n else v


def _keccak_f(a: list[list[int]]) -> None:
    for rc in _RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        for x in range(5):
            for y in range(5):
                a[x][y] ^= d[x]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rol(a[x][y], _ROT[x][y])
        for x in range(5):
            for y in range(5):
                a[x][y] = b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y])
        a[0][0] ^= rc


def keccak256(data: bytes) -> bytes:
    rate = 136
    msg = bytearray(data) + b"\x01"
    msg += b"\x00" * (-len(msg) % rate)
    msg[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        block = msg[off:off + rate]
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(block[8 * i:8 * i + 8], "little")
        _keccak_f(a)
    out = b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))
    return out


def eth_checksum(addr_hex40: str) -> str:
    low = addr_hex40.lower()
    h = keccak256(low.encode()).hex()
    return "0x" + "".join(ch.upper() if ch.isalpha() and int(h[i], 16) >= 8 else ch
                          for i, ch in enumerate(low))


# ---------------------------------------------------------------- base58 / bech32

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


_BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def bech32_p2wpkh(program: bytes, hrp: str = "bc") -> str:
    acc, bits, five = 0, 0, []
    for b in program:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            five.append((acc >> bits) & 31)
    if bits:
        five.append((acc << (5 - bits)) & 31)
    data = [0] + five
    hrpx = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _polymod(hrpx + data + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH[d] for d in data + chk)


def btc_address(rng: random.Random) -> str:
    body = rng.randbytes(20)
    r = rng.random()
    if r < 0.6:
        return bech32_p2wpkh(body)
    if r < 0.85:
        return base58check(b"\x00" + body)
    return base58check(b"\x05" + body)


def eth_address(rng: random.Random) -> str:
    return eth_checksum(rng.randbytes(20).hex())


def trx_address(rng: random.Random) -> str:
    return base58check(b"\x41" + rng.randbytes(20))


def xmr_address(rng: random.Random) -> str:
    return "4" + rng.choice("56789AB") + "".join(rng.choice(_B58) for _ in range(93))


def onion_v3(rng: random.Random) -> str:
    pub = rng.randbytes(32)
    chk = hashlib.sha3_256(b".onion checksum" + pub + b"\x03").digest()[:2]
    return base64.b32encode(pub + chk + b"\x03").decode().lower() + ".onion"


# ---------------------------------------------------------------- IBAN

# BBAN structure: n digits, a upper letters, c alphanumerics
IBAN_BBAN = {"DE": "18n", "FR": "10n11c2n", "ES": "20n", "IT": "1a10n12c", "NL": "4a10n",
             "PL": "24n", "GB": "4a14n", "UA": "6n19c", "BG": "4a6n8c", "RS": "18n",
             "GR": "7n16c", "TR": "5n1n16c", "LT": "16n", "LV": "4a13c", "EE": "16n",
             "AE": "3n16n", "SA": "2n18c", "JO": "4a4n18c", "EG": "25n", "BR": "8n5n10n1a1c",
             "CY": "8n16c", "MT": "4a5n18c", "PT": "21n", "BE": "12n", "IE": "4a14n"}


def iban(rng: random.Random, country: str) -> str:
    spec, bban, num = IBAN_BBAN[country], "", ""
    for ch in spec:
        if ch.isdigit():
            num += ch
            continue
        alphabet = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}[ch]
        bban += "".join(rng.choice(alphabet) for _ in range(int(num)))
        num = ""
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


def iban_valid(value: str) -> bool:
    s = value.replace(" ", "").upper()
    return int("".join(str(int(ch, 36)) for ch in s[4:] + s[:4])) % 97 == 1
