"""Whether a party is named or vague, by the labelling guide in data/README.md."""

from __future__ import annotations

from .vocabulary import (
    ANONYMOUS,
    COMMENTATORS,
    DEMONYM_ENDINGS,
    NP_LINKS,
    OFFICIAL_HEADS,
    PERSON_ROLES,
    PLACE_WORDS,
    QUANTIFIERS,
    SPOKESPEOPLE,
    UNNAMED_ROLES,
    VAGUE_MARKERS,
)


def _head(party):
    """The head word of a party ("sources" in "sources close to the Kremlin") and what follows."""
    words = party.split()
    for n, word in enumerate(words):
        # "and" joins two parties ("NATO and European Union officials"): the head is the last.
        if n and word.lower() in (NP_LINKS - {"and"}) | {"close", "familiar", "briefed", "who"}:
            return words[n - 1].lower().strip(",’'"), words[n:]
    return words[-1].lower().strip(",’'"), []


def is_vague_party(party):
    """Whether a party names nobody a reader could check ("analysts", "people familiar ...")."""
    words = party.split()
    while len(words) > 2 and words[0].lower() in QUANTIFIERS and words[1] == "of":
        words = words[2:]  # "one of the officials": the officials
    party = " ".join(words)
    if {words[0].lower(), *words[1:]} & VAGUE_MARKERS:
        return True
    head, rest = _head(party)
    names_organisation = rest[:1] in (["at"], ["from"], ["of"], ["by"]) and any(
        word[:1].isupper() for word in rest[1:]
    )
    if words[0].lower() in {"a", "an"} and head in PERSON_ROLES - SPOKESPEOPLE:
        # "a senior official", "A Senior Defense Official", "a police chief": only a body
        # after the role says whose it is ("an official at the Interior Ministry").
        return not (
            rest[:1] in (["at"], ["from"], ["of"], ["for"], ["with"]) and identifies_a_body(rest)
        )
    if head in UNNAMED_ROLES:
        # "the Russian official" points back to one person; "Russian officials" are many.
        return not identifies_a_body(words, places_name=not head.endswith("s"))
    if head in ANONYMOUS:
        return True
    # "scientists", "economists", "analysts" unless "at Chatham House" says whose.
    generic = head in COMMENTATORS or (head.endswith("ists") and head.islower())
    return generic and not names_organisation


def _is_place(word):
    """Whether a word names a whole country, people or government: "US", "Afghan", "local"."""
    if word in PLACE_WORDS or word.lower() in PLACE_WORDS:
        return True
    return word[:1].isupper() and word[1:].islower() and word.endswith(DEMONYM_ENDINGS)


def identifies_a_body(words, *, places_name=False):
    """Whether a party's words say whose official or spokesman it is: a capitalised word
    past the first (which may be capitalised only as the sentence's start), an acronym, or a
    body such as a ministry. Countries, peoples and governments are too wide: "US officials",
    "Afghan officials", "local government officials" name nobody to check."""
    bare = [word.strip(",’'") for word in words]
    if any(word.lower() == "local" for word in bare):
        return False
    is_place = (lambda word: False) if places_name else _is_place
    return (
        any(word[:1].isupper() and not is_place(word) for word in bare[1:])
        or (len(bare[0]) > 1 and bare[0].isupper() and not is_place(bare[0]))
        or any(word.lower() in OFFICIAL_HEADS - PLACE_WORDS for word in bare)
    )


def _split_coordination(text, party):
    """A party's span, or two when "and" joins a named party to a vague one: "Al Arabiya
    television and government sources" are a channel and unnamed sources. "NATO and European
    Union officials" and "one government and one presidency source" stay one."""
    if party is None:
        return [party]
    begin, end = party
    cut = text.rfind(" and ", begin, end)
    if cut < 0:
        return [party]
    left, right = text[begin:cut], text[cut + 5 : end]
    if (
        is_vague_party(right)
        and not is_vague_party(left)
        and any(word[:1].isupper() for word in left.split())
    ):
        return [(begin, cut), (cut + 5, end)]
    return [party]
