"""Naming sources: the Source a party names, and the Source to create for a concrete one.

Importers create Sources only from what propose_source() trusts; match_source() finds an
existing Source by name, organisation or alias, ignoring case, "the" and descriptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parties import _head, is_vague_party
from .vocabulary import DESCRIPTORS, DOCUMENTS, NEWS_AGENCIES, OFFICIAL_HEADS, PLATFORMS

SOCIAL = re.compile(
    rf"^(?P<owner>.+?)(?:’s|'s)? (?P<platform>{PLATFORMS}) (?P<what>channel|account|page|feed)$"
)
POSSESSIVE = re.compile(r"^(?P<owner>.+?)(?:’s|'s) (?P<rest>[a-z].*)$")


@dataclass(frozen=True)
class SourceProposal:
    name: str
    organisation: str
    kind: str  # a Source.Kind value
    aliases: tuple[str, ...]


def _without_article(party):
    return re.sub(r"^(?:the|a|an)\s+", "", party.strip(), flags=re.IGNORECASE)


def _key(name):
    """A name reduced for comparison: case, curly quotes, possessives, "the" and dots ignored."""
    text = name.replace("’", "'").replace("‘", "'").lower()
    text = re.sub(r"(?<=\w)'s\b|(?<=s)'(?!\w)", "", text).replace(".", "")
    text = " ".join(re.sub(r"[^\w&]+", " ", text).split())
    return re.sub(r"^the ", "", text)


def _is_descriptor(word):
    # Nationality adjectives ("Russian", "Chinese", "Polish") only describe an outlet.
    return word in DESCRIPTORS or word.endswith(("an", "ese", "ish"))


def _is_described(party_key, key):
    """Whether `party_key` is `key` with only descriptive words around it, on word boundaries."""
    match = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", party_key)
    if not key or not match:
        return False
    rest = (party_key[: match.start()] + " " + party_key[match.end() :]).split()
    return all(_is_descriptor(word) for word in rest)


def _news_agency(name):
    for agency, abbreviations in NEWS_AGENCIES.items():
        for spelling in (agency, *abbreviations):
            # Short names are only trusted in their own capitals: "AP", never "ap".
            found = spelling in name if len(spelling) <= 3 else spelling.lower() in name.lower()
            if found and _is_described(_key(name), _key(spelling)):
                return agency, abbreviations
    return None


def _proposal(name, organisation, kind, *aliases):
    unique = tuple(dict.fromkeys(alias for alias in aliases if alias != name))
    return SourceProposal(name=name, organisation=organisation, kind=kind, aliases=unique)


def propose_source(party):
    """The Source to create for a concrete party (channel, agency, ministry, document), or None.

    Generic or compound parties ("officials", "NATO and European Union officials", a named
    person) return None: an importer should not invent Sources for them on its own.
    """
    if not party or not party.strip() or is_vague_party(party):
        return None
    name = _without_article(" ".join(party.split()))
    if " and " in name or "," in name or not re.search(r"[A-Z]", name):
        return None
    if social := SOCIAL.match(name):
        owner = _without_article(social["owner"])
        if owner[:1].isupper():
            full = f"{owner} {social['platform']} {social['what']}"
            return _proposal(full, owner, "social", name)
    if agency := _news_agency(name):
        canonical, abbreviations = agency
        return _proposal(canonical, canonical, "agency", *abbreviations, name)
    head, rest = _head(name)
    if head in DOCUMENTS:
        owned = POSSESSIVE.match(name)
        owner = owned["owner"] if owned else _without_article(" ".join(rest[1:]))
        if owner[:1].isupper() and (owned or rest[:1] in (["by"], ["from"], ["of"])):
            return _proposal(f"{owner} {head}", owner, DOCUMENTS[head], name)
        return None
    if head in OFFICIAL_HEADS:
        # "Lukashenko’s press service" belongs to Lukashenko; "Belarus’s defence ministry" is one.
        owned = POSSESSIVE.match(name)
        if owned and head in {"office", "service"}:
            return _proposal(f"{owned['owner']} {owned['rest']}", owned["owner"], "official", name)
        return _proposal(name, name, "official")
    return None


def _source_keys(source):
    names = [source.name, source.organisation, *source.alias_list()]
    return [key for key in map(_key, names) if key]


def match_source(party, sources):
    """The Source among `sources` that `party` names, by name, organisation or alias; or None."""
    wanted = _key(party or "")
    if not wanted:
        return None
    sources = list(sources)
    for source in sources:
        if wanted in _source_keys(source):
            return source
    # "the Interfax news agency" names the source "Interfax", described; prefer the longest name.
    candidates = [
        (len(key), source)
        for source in sources
        for key in _source_keys(source)
        if _is_described(wanted, key)
    ]
    return max(candidates, key=lambda candidate: candidate[0])[1] if candidates else None
