"""Characters readers cannot see and XML cannot carry: refused where editors' text comes in
(the admin's forms, imported files), left out where XML goes out (feeds, sitemaps).

Readers cannot see a control character pasted into a headline or a name (a word processor's
vertical tab, a stray \\x01), and XML 1.0 cannot carry one: Django's feed writer raises on it
(a 500 for every reader of the feed) and its sitemap templates write it as it is (a file no
search engine can parse). Text that reached the database before it was refused is still
published, so the XML writers leave out what they cannot carry.
"""

import re

from django.core.exceptions import ValidationError

# Tabs and line breaks are text; every other C0 control character, and DEL, is not.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What XML 1.0 cannot carry: most control characters, lone surrogates, U+FFFE and U+FFFF.
XML_INVALID_CHARACTERS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Word processors paste a line break within a paragraph as a vertical tab, a page break as a
# form feed: each stands between two words.
BREAKS_BETWEEN_WORDS = str.maketrans("\x0b\x0c", "  ")


def refuse_control_characters(value):
    """A validator: text holding a control character other than a tab or a line break is
    refused."""
    if CONTROL_CHARACTER.search(value):
        raise ValidationError(
            "This text holds an invisible control character, often pasted in from another "
            "program: retype the words around it."
        )


def xml_safe(value):
    """`value` (a string, or lists, tuples and dicts of them) without what XML cannot carry."""
    if isinstance(value, str):
        # Almost every text has none: one scan, where translating copies the whole text.
        if not XML_INVALID_CHARACTERS.search(value):
            return value
        return XML_INVALID_CHARACTERS.sub("", value.translate(BREAKS_BETWEEN_WORDS))
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(part) for part in value)
    if isinstance(value, dict):
        return {key: xml_safe(part) for key, part in value.items()}
    return value
