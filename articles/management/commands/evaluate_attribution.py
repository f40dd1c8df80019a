"""Measure the attribution finder against the hand-labelled sentences."""

from django.core.management.base import BaseCommand, CommandError

from articles.attribution import VAGUE, evaluate
from articles.attribution_cases import CASES, HELD_OUT_CASES


def describe(labels):
    return "; ".join("(vague)" if label == VAGUE else label for label in labels) or "(nothing)"


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

    def handle(self, *args, min_precision, min_recall, verbosity, **options):
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
        self.stdout.write(self.style.SUCCESS("Done."))
