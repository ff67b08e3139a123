"""Free-text conduct labels (modus operandi, malware families, victim names) made comparable."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from detector.normalize.names import normalize_name

# Spellings states use for the same technique; the canonical label is what alerts show.
_MO_SYNONYMS = {
    "business_email_compromise": "bec", "email_compromise": "bec", "ceo_fraud": "bec", "bec_fraud": "bec",
    "ransom": "ransomware", "ransomware_attack": "ransomware", "double_extortion": "ransomware",
    "phishing_campaign": "phishing", "spear_phishing": "phishing", "smishing": "phishing",
    "vishing": "phishing", "sim_swapping": "sim_swap", "simswap": "sim_swap",
    "ddos_attack": "ddos", "distributed_denial_of_service": "ddos", "dos": "ddos",
    "credit_card_fraud": "carding", "card_fraud": "carding", "investment_scam": "investment_fraud",
    "crypto_investment_fraud": "investment_fraud", "pig_butchering": "investment_fraud",
    "romance_fraud": "romance_scam", "sextortion_scam": "sextortion",
    "csam_sharing": "csam_distribution", "csam": "csam_distribution",
}
# Descriptive suffixes only: "locker" is part of family names (MedusaLocker is not Medusa).
_MALWARE_SUFFIXES = re.compile(r"(ransomware|stealer|loader|botnet|trojan|malware)$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", anyascii(text).lower()).strip("_")


@lru_cache(maxsize=50_000)
def normalize_modus_operandi(label: str) -> str:
    """'Business Email Compromise', 'BEC' and 'bec-fraud' all become 'bec'."""
    slug = _slug(label).replace("e_mail", "email")
    return _MO_SYNONYMS.get(slug, slug)


@lru_cache(maxsize=50_000)
def normalize_malware(label: str) -> str:
    """'LockBit 3.0', 'lockbit-ransomware' and 'LOCKBIT' all become 'lockbit'."""
    slug = _slug(label).replace("_", "")
    slug = re.sub(r"\d+(\d)*$", "", slug)  # version numbers: lockbit3 -> lockbit
    stripped = _MALWARE_SUFFIXES.sub("", slug)
    return stripped or slug


@lru_cache(maxsize=50_000)
def normalize_victim(name: str) -> str:
    """Victim organisation or person name as one folded string, legal forms dropped."""
    form = normalize_name(name, "organization")
    return " ".join(sorted(form.core_fold))
