"""Measure the attribution finder against hand-labelled sentences and real reporting."""

from django.core.management.base import BaseCommand, CommandError

from articles.attribution import VAGUE, evaluate
from articles.attribution.evaluation import (
    TARGETS,
    load_wire_copy,
    score_wire_copy_parts,
    targets_met,
)
from articles.attribution_cases import CASES, HELD_OUT_CASES

FIGURES = (
    ("precision", "precision", "found", "matched", "detections were labelled attributions"),
    ("recall", "recall", "labelled", "matched", "labelled attributions found"),
    ("kind_accuracy", "named-vs-vague", "matched", "right_kind", "found ones of the right kind"),
    ("party_match", "party match", "named_pairs", "right_party", "named ones name the party"),
)


def describe(labels):
    return "; ".join("(vague)" if label == VAGUE else label for label in labels) or "(nothing)"


def describe_found(attributions):
    return describe([VAGUE if a.is_vague else a.party for a in attributions])


class Command(BaseCommand):
    help = "Measure the attribution finder: precision, recall and mistakes on labelled texts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-precision",
            type=float,
            default=0.0,
            help="Exit with an error when precision on either set is below this, e.g. 0.95.",
        )
        parser.add_argument(
            "--min-recall",
            type=float,
            default=0.0,
            help="Exit with an error when recall on either set is below this, e.g. 0.9.",
        )
        parser.add_argument(
            "--require-targets",
            action="store_true",
            help="Exit with an error when the wire copy's test part misses an issue-20 target.",
        )

    def handle(self, *args, min_precision, min_recall, require_targets, verbosity, **options):
        for name, value in (("--min-precision", min_precision), ("--min-recall", min_recall)):
            if not 0 <= value <= 1:
                raise CommandError(f"{name} must be between 0 and 1, not {value}.")
        below = []
        for title, cases in (("Evaluation set", CASES), ("Held-out set", HELD_OUT_CASES)):
            result = evaluate(cases)
            found = result.true_positives + result.false_positives
            labelled = result.true_positives + result.false_negatives
            self.stdout.write(self.style.MIGRATE_HEADING(f"{title}: {len(cases)} texts"))
            self.stdout.write(
                f"  precision {result.precision:.3f} "
                f"({result.true_positives} of {found} detections right)"
            )
            self.stdout.write(
                f"  recall    {result.recall:.3f} "
                f"({result.true_positives} of {labelled} labelled attributions found)"
            )
            if verbosity >= 1:
                for mistake in result.mistakes:
                    self.stdout.write(self.style.WARNING(f"  mistake: {mistake.text}"))
                    self.stdout.write(f"    expected: {describe(mistake.expected)}")
                    self.stdout.write(f"    found:    {describe(mistake.found)}")
            if result.precision < min_precision or result.recall < min_recall:
                below.append(title)
        if below:
            raise CommandError(f"Below the required precision or recall: {', '.join(below)}.")
        missed = self.report_wire_copy(verbosity)
        if require_targets and missed:
            raise CommandError(f"Test part below its targets: {', '.join(missed)}.")
        self.stdout.write(self.style.SUCCESS("Done."))

    def report_wire_copy(self, verbosity):
        """Print both parts of the wire copy; return the test-part targets that are missed."""
        missed = []
        for split, score in score_wire_copy_parts(load_wire_copy()).items():
            self.stdout.write(
                self.style.MIGRATE_HEADING(
                    f"Wire copy, {split} part: {score.sentences} sentences "
                    f"from {score.articles} articles"
                )
            )
            met = targets_met(score)
            for name, title, whole, part, what in FIGURES:
                line = (
                    f"  {title:<14} {getattr(score, name):.3f} "
                    f"({getattr(score, part)} of {getattr(score, whole)} {what})"
                )
                if split == "test":
                    verdict = "met" if met[name] else "not met"
                    line += f"  target >= {TARGETS[name]:.2f}: {verdict}"
                    if not met[name]:
                        missed.append(title)
                self.stdout.write(line)
            # The test part is only measured: its sentences are never shown, so none is tuned on.
            if split == "development" and verbosity >= 2:
                for mistake in score.mistakes:
                    self.stdout.write(self.style.WARNING(f"  mistake: {mistake.sentence.text}"))
                    self.stdout.write(f"    expected: {describe(mistake.sentence.labels)}")
                    self.stdout.write(f"    found:    {describe_found(mistake.found)}")
        return missed
