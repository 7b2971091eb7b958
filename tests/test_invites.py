"""Every invite of the corpus read as a careful human reads it (issue 13; README "How
interviews are found"): tests/data/invites/<case>.ics against <case>.toml, field by field.
`make corpus` prints the same as a score per field."""

from __future__ import annotations

import pytest
from corpus import FIELDS, HERE, cases, judge, readme_table, score


@pytest.mark.parametrize("case", cases(), ids=lambda path: path.stem)
def test_the_invite_is_read_as_a_careful_human_reads_it(case):
    wrong = {f"{r.uid} {name}": pair for r in judge(case) for name, pair in r.wrong.items()}
    assert not wrong, "\n".join(f"{k}: expected {w!r}, read {h!r}" for k, (w, h) in wrong.items())


def test_the_corpus_is_large_enough_to_mean_something():
    results = [r for case in cases() for r in judge(case)]
    asked = score(results)
    assert len(cases()) >= 60
    assert asked["interview"][1] >= 64
    assert all(asked[name][1] > 0 for name in FIELDS)


def test_the_readme_table_of_tools_and_languages_is_the_corpus():
    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    assert "\n".join(readme_table()) in readme
