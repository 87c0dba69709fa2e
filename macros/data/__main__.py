"""`python -m macros.data`: validate all of data/ and print every problem, one per line.

The build stops at the first problem; this lists them all, which helps when many files
change at once. Exit status 1 when anything is wrong.
"""

import sys
from pathlib import Path

from .errors import GuideError
from .load import Problems, load_guide


def main() -> int:
    root = Path(__file__).resolve().parents[2]
    problems = Problems(collect=True)
    try:
        guide = load_guide(root, problems=problems)
    except GuideError as e:  # a shared file (topics.yml, loop.yml...) is broken: nothing else can load
        problems.lines.append(str(e))
        guide = None
    if guide is not None:
        try:  # the interviewer's guide and story worksheet (macros/pages/interviewers.py)
            from .interviewing import load_interviewing

            load_interviewing(guide)
        except GuideError as e:
            problems.lines.append(str(e))
    for line in problems.lines:
        print(line)
    if guide is not None:
        print(
            f"{len(guide.questions)} questions, {len(guide.checklists)} checklists, "
            f"{len(guide.tracks)} tracks, {len(guide.diagrams)} diagrams: "
            f"{len(problems.lines)} problem(s)",
            file=sys.stderr,
        )
    return 1 if problems.lines else 0


if __name__ == "__main__":
    sys.exit(main())
