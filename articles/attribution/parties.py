"""Whether a party is named or vague, by the labelling guide in data/README.md."""

from __future__ import annotations

from .vocabulary import (
    ANONYMOUS,
    BODIES,
    COLLECTIVES,
    COMMENTATORS,
    COMPASS,
    DEMONYM_ENDINGS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    GENERIC_PERSON,
    INDEFINITE,
    NAMED_GROUPS,
    NOT_PEOPLE,
    NP_LINKS,
    OFFICIAL_HEADS,
    OUTLETS,
    OWNERS,
    PERSON_ENDINGS,
    PERSON_NOUNS,
    PERSON_ROLES,
    PLACE_WORDS,
    PUBLISHED,
    QUANTIFIERS,
    RANKS,
    SPOKESPEOPLE,
    UNNAMED_ROLES,
    VAGUE_COLLECTIVES,
    VAGUE_MARKERS,
)


def _head(party):
    """The head word of a party ("sources" in "sources close to the Kremlin") and what follows."""
    words = party.split()
    for n, word in enumerate(words):
        # "and" joins two parties ("NATO and European Union officials"): the head is the last.
        if n and word.lower() in (NP_LINKS - {"and"}) | PUBLISHED | {
            "close",
            "familiar",
            "briefed",
            "who",
        }:
            return words[n - 1].lower().strip(",’'"), words[n:]
    return words[-1].lower().strip(",’'"), []


def is_vague_party(party):
    """Whether a party names nobody a reader could check ("analysts", "people familiar ...")."""
    left, joined, right = party.partition(" and ")
    if joined and is_vague_party(left) and is_vague_party(right):
        return True  # "several witnesses and one local leader"
    words, counted = _without_count(party.split())
    if counted:
        return True  # "two of the people", "Eight out of 10 Americans": people nobody names
    party = " ".join(words)
    if {words[0].lower(), *words[1:]} & VAGUE_MARKERS:
        return True
    head, rest = _head(party)
    names_organisation = rest[:1] in (["at"], ["from"], ["of"], ["by"]) and any(
        word[:1].isupper() for word in rest[1:]
    )
    before_head = words[: len(words) - len(rest)]
    if head in DOCUMENT_NOUNS:
        # "the report", "its annual report" name one document; "a new poll" or "a study from
        # a Wisconsin team" do not, unless a body is named: "a Reuters poll", "a report by Oxfam".
        if words[0].lower() not in {"a", "an"}:
            return False
        # "a study published in Nature Geoscience" says where a reader finds it.
        by_a_body = rest[:1] in (["by"], ["from"], ["of"], ["published"]) and rest[1:2] != ["a"]
        return not (identifies_a_body(before_head) or by_a_body and identifies_a_body(rest))
    if party.lower() in VAGUE_COLLECTIVES:
        return True  # "Wall Street expects ...": investors nobody names
    if words[0].lower() in INDEFINITE and (
        head in PERSON_ROLES - SPOKESPEOPLE or _is_person_noun(head)
    ):
        # "a senior official", "A Senior Defense Official", "a police chief": only a body
        # says whose it is: "an official at the Interior Ministry", "a Civil Affairs Ministry
        # official" (a capitalised body: "a police chief" or "a top Cabinet Minister" is
        # anyone's).
        named_before = any(w[:1].isupper() and w.lower() in BODIES for w in before_head)
        # "a Cal Fire official", "a Hamas official": a name before a role written in lowercase
        # (in "A Senior Defense Official" every word is capitalised, and names nobody).
        role = before_head[-1].strip(",’'")
        named_before = (
            named_before
            or role.islower()
            and any(
                w[:1].isupper() and not _is_place(w) and w.lower() not in RANKS
                for w in before_head[1:-1]
            )
        )
        return not (
            named_before
            or rest[:1] in (["at"], ["from"], ["of"], ["for"], ["with"])
            and identifies_a_body(rest)
        )
    if words[0].lower() == "the" and head in SPOKESPEOPLE - {"spokespeople"}:
        return False  # "the hospital spokesperson said" points back to one named before
    if head in UNNAMED_ROLES:
        # "the Russian official" points back to one person; "Russian officials" are many.
        return not identifies_a_body(words, places_name=not head.endswith("s"))
    if head in ANONYMOUS:
        return True
    if words[0].lower() == "the" and head in GENERIC_PERSON:
        # "the witness", "the source": someone unnamed, pointed back to.
        return not names_organisation
    if _are_unnamed_people(before_head) and not names_organisation:
        return True
    if head in OUTLETS:
        # "state-run SANA news", "NBC News" are outlets; "the Portuguese press" and "local news
        # outlets" are not.
        return not identifies_a_body(before_head)
    if head in DOCUMENT_NOUNS | {"reports", "studies", "polls", "surveys"} and words[0].lower() in {
        "the",
        *OWNERS,
    }:
        return False  # "The reports of those tests", "its studies": documents one can find
    # "scientists", "economists", "analysts" unless "at Chatham House" says whose.
    generic = head in COMMENTATORS or (head.endswith("ists") and head.islower())
    return generic and not names_organisation


def _are_unnamed_people(words):
    """Whether a plural head written in lowercase names people nobody names: "drivers",
    "aides", "lawmakers"; not when a name or body says whose ("Google engineers"), nor with
    "the", which points back to people named before ("the officers")."""
    head = words[-1].strip(",’'")
    if not (head.islower() and head.endswith("s") and _is_person_noun(head)):
        return False
    if words[0].lower() in {"the", *OWNERS}:
        return False
    whose = [word for word in words[:-1] if word.lower() not in DETERMINERS]
    return head not in NAMED_GROUPS and not identifies_a_body(["-", *whose])


def _is_person_noun(word):
    """Whether a lowercase noun names people by what they do or are: "drivers", "a by-passer",
    "another senator", "residents", "aides" (by its ending, or a short list)."""
    word = word.lower().rsplit("-", 1)[-1]
    if word in PERSON_NOUNS:
        return True
    stem = word[:-1] if word.endswith("s") else word
    return (
        stem.endswith(PERSON_ENDINGS)
        and not stem.endswith("ment")
        and len(stem) > 4
        and word not in NOT_PEOPLE
    )


def _without_count(words):
    """The words of a party without a leading count, and whether there was one: "one of the
    officials" is the officials, "a group of scientists" the scientists."""
    counted = False
    if len(words) > 3 and [w.lower() for w in words[:2]] in (["at", "least"], ["at", "most"]):
        words = words[2:]  # "At least one witness" is one witness
    while len(words) > 2:
        first, second = words[0].lower(), words[1].lower()
        is_count = first in QUANTIFIERS or first.replace(",", "").isdigit()
        if is_count and second == "of":
            words, counted = words[2:], True
        elif is_count and len(words) > 4 and [second, words[2].lower()] == ["out", "of"]:
            words, counted = words[4:], True  # "Eight out of 10 Americans"
        elif first in {"a", "an"} and second in COLLECTIVES and words[2].lower() == "of":
            words = words[3:]  # "a team of NASA officials" are NASA officials
        else:
            break
    return words, counted


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
    if not bare or any(word.lower() == "local" for word in bare):
        return False
    is_place = (lambda word: False) if places_name else _is_place
    # "New York officials", "South Korean officials": a compass word makes a place name.
    bare = [word for n, word in enumerate(bare) if not (n and bare[n - 1] in COMPASS)]
    bare = [word for word in bare if word not in COMPASS] or ["-"]
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
