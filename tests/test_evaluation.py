"""The wire-copy evaluation set and its scoring, not the finder's scores (issue 20)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.attribution import VAGUE, Attribution, evaluate, evaluation
from articles.attribution.evaluation import (
    ExpectedAttribution,
    LabelledSentence,
    load_wire_copy,
    same_party,
    score_wire_copy,
    score_wire_copy_parts,
    split_for,
)

WIRE_COPY = load_wire_copy()


def sentence(text, *expected, split="development", url="https://example.com/a"):
    return LabelledSentence(
        id="t1",
        split=split,
        text=text,
        expected=tuple(ExpectedAttribution(kind, party) for kind, party in expected),
        url=url,
        beat="politics",
    )


def finds(*parties):
    """A stand-in finder that reports the given parties (None for a vague one) for any text."""

    def find(text):
        return [
            Attribution(
                sentence=text, paragraph=0, party=party, is_vague=party is None, phrase="said"
            )
            for party in parties
        ]

    return find


# The data file


def test_wire_copy_has_400_sentences_from_120_articles():
    assert len(WIRE_COPY) >= 400
    assert len({s.url for s in WIRE_COPY}) >= 120


def test_wire_copy_rows_have_a_valid_label_split_and_url():
    for s in WIRE_COPY:
        assert s.split in evaluation.SPLITS
        assert all(a.kind in ("named", "vague") for a in s.expected)
        assert s.url.startswith(("http://", "https://"))
        assert s.text.strip() and s.beat


def test_wire_copy_has_named_vague_and_unattributed_sentences():
    kinds = {a.kind for s in WIRE_COPY for a in s.expected}
    assert kinds == {"named", "vague"}
    assert any(not s.expected for s in WIRE_COPY)


def test_wire_copy_ids_and_sentences_are_unique():
    assert len({s.id for s in WIRE_COPY}) == len(WIRE_COPY)
    assert len({s.text for s in WIRE_COPY}) == len(WIRE_COPY)


def test_no_article_straddles_the_split_and_the_split_follows_the_url_hash():
    for s in WIRE_COPY:
        assert s.split == split_for(s.url), s.id
    sides = {}
    for s in WIRE_COPY:
        sides.setdefault(s.url, set()).add(s.split)
    assert all(len(split) == 1 for split in sides.values())


def test_the_test_part_keeps_its_first_split_and_the_development_part_grows():
    test_part = [s for s in WIRE_COPY if s.split == "test"]
    development_part = [s for s in WIRE_COPY if s.split == "development"]

    assert len(test_part) >= 150 and len({s.url for s in test_part}) >= 40
    assert len(development_part) > len(test_part)


def test_labels_are_what_evaluate_takes():
    s = sentence("X said, citing sources.", ("named", "X"), ("vague", "sources"))

    assert s.labels == ("X", VAGUE)
    result = evaluate([(s.text, s.labels)])
    assert result.true_positives + result.false_negatives == 2


@pytest.mark.parametrize(
    "row, problem",
    [
        ("w1\tdevelopment\tmaybe\t\tText.\thttps://a.example/\tlocal", "unknown label"),
        ("w1\tholdout\tnone\t\tText.\thttps://a.example/\tlocal", "unknown split"),
        ("w1\ttest\tnone\t\tText.\tftp://a.example/\tlocal", "http"),
        ("w1\ttest\tnamed|vague\tX\tText.\thttps://a.example/\tlocal", "2 labels but 1"),
        ("w1\ttest\tnamed\t\tText.\thttps://a.example/\tlocal", "needs its party"),
        ("w1\ttest\tnone\tX\tText.\thttps://a.example/\tlocal", "names no party"),
    ],
)
def test_load_wire_copy_refuses_a_bad_row_naming_its_line(tmp_path, row, problem):
    path = tmp_path / "bad.tsv"
    path.write_text("\t".join(evaluation.WIRE_COPY_COLUMNS) + "\n" + row + "\n", encoding="utf-8")

    with pytest.raises(ValueError, match=f"line 2: .*{problem}"):
        load_wire_copy(path)


# Scoring


def test_party_match_ignores_case_leading_the_punctuation_and_an_apposition():
    assert same_party("the Interior Ministry", "The interior ministry,")
    assert same_party("Dmitry Peskov", "Dmitry Peskov, the Kremlin spokesman")
    assert same_party("“Reuters”", "Reuters")
    assert not same_party("Peskov", "Dmitry Peskov")


def test_score_counts_detection_kind_and_party():
    sentences = [
        sentence("A.", ("named", "Reuters")),  # found right
        sentence("B.", ("named", "the ministry")),  # found as vague: wrong kind
        sentence("C.", ("vague", "officials"), ("named", "AFP")),  # AFP found as TASS
        sentence("D."),  # nothing expected, one found
        sentence("E.", ("vague", "reportedly")),  # missed
    ]
    found = {
        "A.": finds("Reuters"),
        "B.": finds(None),
        "C.": finds(None, "TASS"),
        "D.": finds("the weather"),
        "E.": finds(),
    }

    score = score_wire_copy(sentences, find=lambda text: found[text](text))

    assert (score.labelled, score.found, score.matched) == (5, 5, 4)
    assert score.precision == 4 / 5 and score.recall == 4 / 5
    assert score.kind_accuracy == 3 / 4
    assert (score.named_pairs, score.right_party) == (2, 1)
    assert score.party_match == 1 / 2
    assert [m.sentence.text for m in score.mistakes] == ["B.", "C.", "D.", "E."]


def test_score_on_nothing_found_or_expected_is_perfect_not_a_division_by_zero():
    score = score_wire_copy([sentence("Nothing here.")], find=finds())

    assert (score.precision, score.recall, score.kind_accuracy, score.party_match) == (1, 1, 1, 1)
    assert score.mistakes == ()


def test_score_without_sentences_is_an_error():
    with pytest.raises(ValueError, match="No labelled sentences"):
        score_wire_copy([])


def test_scores_are_kept_apart_by_part():
    parts = score_wire_copy_parts(
        [
            sentence("A.", ("named", "X"), url="https://a.example/"),
            sentence("B.", split="test", url="https://b.example/"),
        ],
        find=finds("X"),
    )

    assert list(parts) == ["development", "test"]
    assert parts["development"].precision == 1 and parts["test"].precision == 0


def test_targets_are_the_issues():
    assert evaluation.TARGETS == {
        "precision": 0.97,
        "recall": 0.93,
        "kind_accuracy": 0.93,
        "party_match": 0.93,
    }


# The command


def test_evaluate_attribution_prints_both_parts_of_the_wire_copy_with_targets_on_test():
    out = StringIO()

    call_command("evaluate_attribution", stdout=out, no_color=True)

    output = out.getvalue()
    assert "Wire copy, development part:" in output and "Wire copy, test part:" in output
    test_part = output.split("Wire copy, test part:")[1]
    for figure in ("precision", "recall", "named-vs-vague", "party match"):
        assert figure in test_part
    assert test_part.count("target >= ") == 4
    assert output.rstrip().endswith("Done.")


def test_evaluate_attribution_lists_development_mistakes_only_when_verbose():
    out = StringIO()

    call_command("evaluate_attribution", verbosity=2, stdout=out, no_color=True)

    wire = out.getvalue().split("Wire copy, development part:")[1]
    development, test_part = wire.split("Wire copy, test part:")
    assert "mistake:" in development and "mistake:" not in test_part
    assert "mistake:" not in call_command_output(verbosity=1).split("Wire copy")[1]


def call_command_output(**options):
    out = StringIO()
    call_command("evaluate_attribution", stdout=out, no_color=True, **options)
    return out.getvalue()


def test_evaluate_attribution_fails_on_missed_targets_only_when_required(monkeypatch):
    monkeypatch.setitem(evaluation.TARGETS, "precision", 1.01)

    call_command_output()
    with pytest.raises(CommandError, match="Test part below its targets: precision"):
        call_command_output(require_targets=True)


def test_evaluate_attribution_passes_required_targets_that_are_met(monkeypatch):
    for name in list(evaluation.TARGETS):
        monkeypatch.setitem(evaluation.TARGETS, name, 0.0)

    assert "Done." in call_command_output(require_targets=True)
