"""The frames that report speech: a speaker and a verb ("the ministry said"), "according to
X", "as reported by X", "..., citing X", "In a statement, X ...", a channel, and impersonal
hearsay ("it is understood", "reportedly"). Each yields (phrase span, party) pairs."""

from __future__ import annotations

import re

from .parties import _head, is_vague_party
from .phrases import (
    MAX_PHRASE,
    _auxiliary_subject,
    _clause_subject,
    _coordinated_subject,
    _fits_phrase,
    _inverted_speaker,
    _is_verb,
    _phrase_after,
    _span,
    _subject,
    _token_at,
    _walk_back,
)
from .vocabulary import (
    AGENT_FRAMES,
    BASE_FORMS,
    CITING,
    CLAIM_NOUNS,
    COLLECTIVE_SUBJECTS,
    COMMA_PARTICIPLES,
    CONTENT_NOUNS,
    DECLARED_ACTS,
    DESCRIBING_VERBS,
    DETERMINERS,
    DOCUMENTS,
    DOWNPLAYED,
    EXPRESSED,
    EXPRESSING_VERBS,
    FIGURES,
    FINDING_SUBJECTS,
    FINDING_VERBS,
    HEADLINE_VERBS,
    IDIOMS,
    IRREGULAR_PAST,
    ISSUING_VERBS,
    MAKING_VERBS,
    NAMING_VERBS,
    NOT_SPEECH_OBJECTS,
    NOUN_FORMS,
    NP_LINKS,
    OFFICIAL_HEADS,
    OPENING_PARTICIPLES,
    OPINION_VERBS,
    OWNERS,
    PARTICIPLES,
    PASSIVE_PARTICIPLES,
    PLATFORMS,
    POSSESSIVE_PRONOUNS,
    QUOTE_CLOSING_VERBS,
    REPORT_TAKERS,
    REPORTED_BY,
    REPORTED_BY_FILLERS,
    REPORTED_DUTY,
    REVISING_VERBS,
    SPEECH_VERBS,
    STATEMENTS,
    TIME_WORDS,
)

# "as it arrived": a time, not what something is described as.
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
# "According to ..." runs to the end of its clause, which may be long ("a statement released by
# the Ministry of ... on Tuesday evening"), but not past this many words.
MAX_ACCORDING_TO = 30
# "According to Reuters", "As per local news outlets".
ACCORDING_TO = re.compile(r"\b(?:[Aa]ccording to|[Aa]s per)\s+")
# "In a statement on Wednesday, the Lithuanian foreign ministry condemned ..."
IN_A_STATEMENT = re.compile(r"\b[Ii]n an? (?:[\w-]+ ){0,2}statement\b[^,.;]{0,40},\s+")
IMPERSONAL = re.compile(
    r"\b[Ii]t(?: (?:is|was)|[’']s|(?= ha[sd]))(?: long)?(?: (?:has |had )?(?:long )?been)?"
    r" (?:widely |generally |also |now )?"
    r"(?:understood|believed|reported|said|thought|claimed|alleged|rumou?red|emerged|announced"
    r"|revealed|feared|suggested|learnt|learned|gathered|estimated)\b"
    r"|\b[Ii]t (?:has|had) emerged\b"
)
# Passive reporting and hearsay: "is said to have", "was believed to be", "reportedly". Without
# "is" or "was", "a man said to be in his forties" describes him; "believed to be" still hedges.
PASSIVE = re.compile(
    r"\b(?:(?:is|are|was|were|has been|have been|had been)"
    r"(?: (?:widely|generally|also|now|currently|still|already|long|initially|originally"
    r"|previously|earlier|later))? "
    r"(?:said|reported|thought|believed|understood|alleged|rumou?red|claimed)"
    r"|\b(?:believed|thought)(?= to be\b)) to\b"
    r"|\breportedly\b"
    r"|\b(?:is|are|was|were)(?: \w+)? feared (?:dead|missing|killed|trapped|lost|buried)\b"
    r"|\band (?:said|reported|thought|believed|understood) to (?:be|have)\b"
)
# "There have been reports of clashes": hearsay that names nobody.
THERE_ARE_REPORTS = re.compile(
    r"\b[Tt]here (?:have been|has been|were|are|is|was)(?: \w+){0,2}? "
    r"(?:reports|claims|rumou?rs|allegations|suggestions)\b"
)
# Verbs that report speech only in a frame: "described ... as", "quoted as saying".
FRAME_VERBS = (
    DESCRIBING_VERBS
    | NAMING_VERBS
    | EXPRESSING_VERBS
    | ISSUING_VERBS
    | FINDING_VERBS
    | QUOTE_CLOSING_VERBS
    | MAKING_VERBS
    | REVISING_VERBS
    | {"quoted", "cited", "pointed", "played", "put", "puts"}
)


def _verb_kind(tokens, k, *, headline):
    """ "speech", "opinion" or None: how tokens[k] reports what someone says or thinks.

    Beyond the word lists, frames decide: "described ... as", "called it “...”", "expressed
    concern", "quoted as saying". In a headline only a few verbs count, capitalised or not:
    "WHO Says 19 Dead" is speech, "Stocks drop amid rate fears" has none.
    """
    token = tokens[k]
    word = token.word
    if headline:
        return "speech" if word.lower() in HEADLINE_VERBS else None
    if word in SPEECH_VERBS:
        return "speech"
    if word in OPINION_VERBS:
        # "amid interest rate fears.": a verb needs something after it in its clause.
        if token.ends_clause or k + 1 == len(tokens) or tokens[k + 1].lower in NP_LINKS:
            return None
        return "opinion"
    if word not in FRAME_VERBS:
        return None
    ahead = []  # the rest of the verb's clause, at most a phrase long
    for following in tokens[k + 1 : k + 1 + MAX_PHRASE]:
        ahead.append(following)
        if following.ends_clause:
            break
    if word in DESCRIBING_VERBS | NAMING_VERBS and ahead[:1] and ahead[0].lower == "by":
        return None  # "a man described by the military as ...": the agent speaks (AGENT_FRAMES)
    if word in DESCRIBING_VERBS and any(
        t.lower == "as" and (n + 2 == len(ahead) or ahead[n + 2].lower not in SUBJECT_PRONOUNS)
        for n, t in enumerate(ahead[1:])
    ):
        return "speech"  # "hailed the ruling as a win", but "hailed the team as it arrived"
    if word in NAMING_VERBS and any(t.quoted for t in ahead[1:]):
        return "speech"  # "called the briefing that officials gave “insulting”"
    if word in NAMING_VERBS and any(t.lower == "what" for t in tokens[max(0, k - 4) : k - 1]):
        return "speech"  # "destroying what officials called three safe houses"
    if word in QUOTE_CLOSING_VERBS:
        if ahead[:1] and ahead[0].lower == "that" or token.text.endswith(":"):
            return "speech"  # "the complaint states that ...", "the company responded:"
        after_quote = any(t.text.endswith(("”", '"')) for t in tokens[max(0, k - 5) : k])
        return "speech" if after_quote and k == len(tokens) - 1 else None
    if word in REVISING_VERBS and any(t.lower in FIGURES for t in ahead[:4]):
        return "speech" if any(t.lower == "to" for t in ahead) else None  # "raised the toll to"
    if word in {"put", "puts"} and any(t.lower in FIGURES for t in ahead[:4]):
        return "speech" if any(t.lower == "at" for t in ahead) else None  # "put the toll at"
    if word == "played" and ahead[:1] and ahead[0].lower == "down":
        # "played down concerns that ...", not "played down the street".
        taken_up = ahead[1:2] and ahead[1].lower in EXPRESSED | DOWNPLAYED
        return "speech" if taken_up or any(t.lower == "that" for t in ahead) else None
    if word in EXPRESSING_VERBS and ahead[:1] and ahead[0].lower in EXPRESSED:
        return "speech"
    if word in {"quoted", "cited"} and _as_saying(tokens, k):
        return "speech"  # "quoted by TASS as saying", "quoted He Biao, a director, as saying"
    if word in MAKING_VERBS and len(ahead) > 1 and ahead[1].lower in CLAIM_NOUNS:
        # "made the accusation in Parliament" points back to what was said; "made claims
        # that" says it. "made statements on current issues" reports nothing.
        if ahead[0].lower in POSSESSIVE_PRONOUNS - {"a", "an"} or ahead[0].lower == "the":
            return "speech"
    if word in MAKING_VERBS and ahead[:1] and ahead[0].lower in CLAIM_NOUNS:
        if len(ahead) > 1 and ahead[1].lower == "that":
            return "speech"
    if word == "pointed" and ahead[:1] and ahead[0].lower == "out":
        return "speech"
    if word in ISSUING_VERBS and any(t.lower in STATEMENTS for t in ahead[:3]):
        return "speech"
    if word in FINDING_VERBS:
        # "researchers found that ...": a finding; without "that" only a document finds
        # ("The report finds disasters are rising"), not "Police found a body".
        if ahead[:1] and ahead[0].lower == "that":
            return "opinion"
        # Present tense only: "official results show", not "the documents found at ...".
        return None if word.endswith("ed") or word == "found" else "finding"
    return None


def _as_saying(tokens, k):
    """The index of "as" in "as saying" after "quoted" at tokens[k] (of "saying" itself in
    "was quoted saying"), or None."""
    if k + 1 < len(tokens) and tokens[k + 1].lower == "saying":
        return k + 1
    for n in range(k + 1, min(k + 2 * MAX_PHRASE, len(tokens) - 1)):
        if tokens[n].quoted:
            return None
        if tokens[n].lower == "as" and tokens[n + 1].lower == "saying":
            return n
    return None


def _agent_attributions(tokens):
    """ "as reported by the Daily Mail", "..., citing government sources": a party after."""
    for k, token in enumerate(tokens[:-1]):
        if token.quoted:
            continue
        if token.word in REPORTED_BY:
            m = k + 1
            while m < len(tokens) - 1 and m - k <= 3 and not tokens[m - 1].ends_clause:
                filler = tokens[m].lower
                if filler not in REPORTED_BY_FILLERS | TIME_WORDS and not filler[:1].isdigit():
                    break
                m += 1
            if tokens[m].lower == "by" and not tokens[m - 1].ends_clause:
                if found := _phrase_after(tokens, m + 1):
                    yield (token.start, _span(tokens, *found)[1]), found
        elif token.word in AGENT_FRAMES and tokens[k + 1].lower == "by":
            # "is said by economists to be", "described by the military as".
            until = {AGENT_FRAMES[token.word]}
            if found := _phrase_after(tokens, k + 2, until=until):
                yield (token.start, _span(tokens, *found)[1]), found
        elif token.word in CITING and k and tokens[k - 1].text.endswith(","):
            found = _phrase_after(tokens, k + 1, until={"as"})  # "citing sources as saying"
            if found and _cites_someone(tokens[found[0] : found[1] + 1]):
                yield (token.start, _span(tokens, *found)[1]), found


def _cites_someone(phrase):
    """Whether what ", citing" cites is a source ("government sources", "the ministry",
    "a report by Oxfam") rather than a reason ("citing safety concerns")."""
    text = " ".join(t.text for t in phrase)
    return (
        is_vague_party(text)
        or any(t.word[:1].isupper() for t in phrase)
        or any(t.lower in OFFICIAL_HEADS or t.lower in DOCUMENTS for t in phrase)
    )


def _verb_attributions(tokens, *, headline=False):
    """(phrase span, party token range) for speech and opinion verbs and participles."""
    for k, token in enumerate(tokens):
        verb, following = token.word, [t.word for t in tokens[k + 1 : k + 3]]
        if token.quoted or (token.ends_clause and token.text[-1] not in ",:"):
            continue
        # "said goodbye", "reported for duty", "a man said to be ...": no claim is reported.
        pair = (verb, *following[:1])
        if set(following) & NOT_SPEECH_OBJECTS or pair in REPORTED_DUTY | PASSIVE_PARTICIPLES:
            continue
        if verb != "said" and token.text.endswith(",") and following[:1] == ["according"]:
            continue  # "fly-tips reported, according to ...": a participle; the source follows
        if following in (["to", "be"], ["to", "have"]) and not verb.endswith("s"):
            continue  # "a man said to be ...", but "a study claims to have found"
        if verb in {"confirmed", "confirms", "confirm"} and set(following[:1]) & EXPRESSED:
            continue  # "the prediction confirmed fears that ...": no one speaks
        # "reports said", "initial reports from soldiers": a noun, not a verb.
        if verb.endswith("s") and following[:1] and following[0] in SPEECH_VERBS | OPINION_VERBS:
            continue
        if verb in NOUN_FORMS and following[:1] and following[0] in {"from", "of", "by", "about"}:
            continue
        if verb in {"declared", "declares", "declare"} and set(following[:1]) & DECLARED_ACTS:
            continue  # "declared a state of emergency", "declared war" are acts, not claims
        if verb in PARTICIPLES and not headline:
            found = _walk_back(tokens, k - 1, stop_at={"with"})
            if found and found[0] > 0 and tokens[found[0] - 1].lower == "with":
                yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
                continue
            if k + 1 == len(tokens):
                continue  # "The signs are telling."
            if found := _auxiliary_subject(tokens, k):  # "media are reporting that ..."
                yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
                continue
        if verb in COMMA_PARTICIPLES and following[:1] != ["for"] and not headline:
            if found := _clause_subject(tokens, k):  # "The bank raised rates, saying ..."
                yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
            continue
        kind = _verb_kind(tokens, k, headline=headline)
        if kind is None:
            continue
        if verb in {"quoted", "cited"} and _as_saying(tokens, k) is not None:
            # "Officials were quoted as saying ...", "a source was quoted saying by AIB": the
            # outlet that quotes is the medium, as in "told Reuters".
            if found := _auxiliary_subject(tokens, k):
                yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
            elif speaker := _quoted_speaker(tokens, k):
                # "State television quoted He Biao, a director, as saying": both speak; in
                # "It cited Gatilov as saying" only Gatilov is new.
                if found := _subject(tokens, k):
                    yield (tokens[found[0]].start, _span(tokens, k, k)[1]), found
                yield (token.start, _span(tokens, *speaker)[1]), speaker
            continue
        if following[:1] == ["by"] and (verb.endswith("ed") or verb in IRREGULAR_PAST):
            continue  # "the words said by the priest": a passive, its agent after "by"
        subject = _subject(tokens, k) or _coordinated_subject(tokens, k)
        if subject is None and verb.endswith("ing"):
            subject = _auxiliary_subject(tokens, k)  # "Gov. Roy Cooper is describing ... as"
        # "Ghulam Khan, a tribal leader, said a local farmer ...": the apposition before the
        # verb shows the speaker, not the words after it.
        # So does a speaker before an aside: "Enenche, in a statement on Wednesday, said".
        aside = (
            subject
            and tokens[subject[1]].text.endswith(",")
            and tokens[subject[1] + 1].lower in (NP_LINKS - {"and"}) | {"who", "speaking"}
        )
        if subject and (subject[1] == k - 1 or aside) and tokens[k - 1].text.endswith(","):
            found = subject
        else:
            found = _inverted_speaker(tokens, k) or subject
        if found and found is not subject:
            yield (token.start, _span(tokens, *found)[1]), found
        elif found:
            phrase = tokens[found[0] : found[1] + 1]
            if not any(c.isalpha() for t in phrase if t.lower not in NP_LINKS for c in t.word):
                continue  # "55 of 75 confirmed dead": numbers are nobody
            if found[0] and tokens[found[0] - 1].lower == "no":
                continue  # "There were no injuries reported."
            if verb in BASE_FORMS and _is_singular_noun_phrase(phrase, token):
                continue  # "a news report that ...": one speaker would say "reports"
            if verb.endswith("ed") and phrase[-1].lower in CONTENT_NOUNS and following[:1]:
                if following[0] in NP_LINKS:  # "the footage posted on Telegram"
                    continue
            party = " ".join(t.text for t in phrase)
            document = _head(party)[0] in FINDING_SUBJECTS  # "The study found that ..."
            if kind == "finding" and not document:
                continue
            named = any(t.word[:1].isupper() and t.lower not in DETERMINERS for t in phrase)
            named = named or document or any(t.lower in OFFICIAL_HEADS for t in phrase)
            if kind == "speech" or named or is_vague_party(party):
                yield (phrase[0].start, _span(tokens, k, k)[1]), found


def _quoted_speaker(tokens, k):
    """(first, last) of whom "quoted" at tokens[k] quotes: "quoted He Biao, director of the
    emergency office, as saying" quotes He Biao and his title."""
    n = _as_saying(tokens, k)
    # Not _fits_phrase: "He Biao" is a name, not the pronoun. "the deputy chief of the
    # bureau, Xiao Yuping," is a phrase too.
    if n is None or n <= k + 1 or tokens[n].lower == "saying":
        return None
    first = tokens[k + 1]
    if first.lower == "by" or not (first.word[:1].isupper() or first.lower in DETERMINERS):
        return None
    return k + 1, n - 1


def _is_singular_noun_phrase(phrase, verb):
    """Whether a phrase before a verb without -s is a noun phrase the verb belongs to as a
    noun: "a news report", "the third report in ...", "its earnings report, missing ..."."""
    first, head = phrase[0].lower, phrase[-1].lower
    if first in {"a", "an"}:
        return True
    if first in OWNERS:
        return verb.text.endswith(",")
    # "the club say" is British agreement; "the third report in the past year" is a noun.
    return (
        first == "the"
        and verb.lower in NOUN_FORMS
        and not head.endswith("s")
        and head not in COLLECTIVE_SUBJECTS
    )


def _opening_participle(tokens):
    """ "Warning of dangerous impacts, scientists released a report": the subject of an
    opening participle stands after its clause, before the main verb."""
    if len(tokens) < 4 or tokens[0].word not in OPENING_PARTICIPLES:
        return
    comma = next((j for j, t in enumerate(tokens) if t.ends_clause), None)
    if comma is None:
        return
    for m in range(comma + 2, min(comma + 2 + MAX_PHRASE, len(tokens))):
        if tokens[m].ends_clause:
            return
        if _is_verb(tokens[m]):
            found = _subject(tokens, m)
            if found and found[0] == comma + 1:
                yield (tokens[0].start, _span(tokens, 0, 0)[1]), found
            return


def _reports_mentioned(tokens):
    """ "The military denied reports that ...", "dismissing a news report that ...": reports
    nobody names, taken up by someone else."""
    for k in range(1, len(tokens) - 1):
        token = tokens[k]
        if token.quoted or token.lower not in {"reports", "report"}:
            continue
        first = k
        if token.lower == "report":  # "a news report", "a report"
            first = next((n for n in (k - 1, k - 2) if n >= 0 and tokens[n].lower == "a"), None)
            if first is None:
                continue
        if first == 0 or tokens[first - 1].lower not in REPORT_TAKERS:
            continue
        n = k + 1
        if tokens[n].lower in {"on", "last", "this"} and n + 2 < len(tokens):
            n += 2  # "denied reports on Friday that"
        if tokens[n].lower in {"that", "of"} and not tokens[k].ends_clause:
            yield (tokens[first].start, tokens[k].end), None


def _claims_owned(tokens):
    """ "the Fed’s comment that ...", "Russia’s denial that ...": a claim named as a noun,
    its owner the party."""
    for k in range(1, len(tokens) - 1):
        owner, token = tokens[k - 1], tokens[k]
        if token.quoted or token.lower not in CLAIM_NOUNS or tokens[k + 1].lower != "that":
            continue
        if not owner.is_possessive or owner.ends_clause:
            continue
        found = _walk_back(tokens, k - 1, trailing_comma=True)
        if found:
            suffix = 2 if owner.text.endswith(("’s", "'s")) else 1  # "the Fed’s", "analysts’"
            yield (tokens[found[0]].start, token.end), (tokens[found[0]].start, owner.end - suffix)


def _according_to(text, start, end, tokens):
    """ "According to X, ...", "..., according to X.": X runs to the end of the clause."""
    for match in ACCORDING_TO.finditer(text, start, end):
        k = _token_at(tokens, match.end())
        if k == len(tokens) or tokens[k].quoted:
            continue
        last = k
        while (
            last + 1 < len(tokens) and not tokens[last].ends_clause and last - k < MAX_ACCORDING_TO
        ):
            last += 1
        words = [t for t in tokens[k : last + 1] if t.lower not in DETERMINERS | OWNERS]
        first_word = words[0].lower if words else ""
        head, _rest = _head(" ".join(t.word for t in words) or "-")
        if first_word in IDIOMS or head in IDIOMS or last - k >= MAX_ACCORDING_TO:
            continue
        party_span = _span(tokens, k, last)
        if any(c.isalnum() for c in text[slice(*party_span)]):  # not "according to ,"
            yield (match.start(), party_span[1]), party_span


def _in_a_statement(text, start, end, tokens):
    """ "In a statement, the ministry condemned ...": the party runs up to its verb."""
    for match in IN_A_STATEMENT.finditer(text, start, end):
        k = _token_at(tokens, match.end())
        for last in range(k, min(k + 8, len(tokens))):
            word = tokens[last].word
            if word.islower() and (word.endswith("ed") or word in SPEECH_VERBS):
                found = _walk_back(tokens, last - 1)
                if found and found[0] == k:
                    yield (match.start(), tokens[last - 1].end), _span(tokens, *found)
                break
            if not _fits_phrase(tokens, last) or tokens[last].ends_clause:
                break


def _channel_attributions(tokens):
    """ "posted on the ministry's Telegram channel": the channel is the source."""
    for k in range(2, len(tokens)):
        if tokens[k].lower in {"channel", "account", "page", "feed"} and re.fullmatch(
            PLATFORMS, tokens[k - 1].word
        ):
            found = _walk_back(tokens, k, stop_at={"on", "via", "in"})
            if found and found[0] > 0 and tokens[found[0] - 1].lower in {"on", "via", "in"}:
                if tokens[k - 2].is_possessive:
                    yield _span(tokens, *found), _span(tokens, *found)
