"""`newsmark agree`: the measures on the papers' worked examples and on hand-computed cases."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from conftest import assert_clean_error

from newsmark.store import Store
from newsmark.agree import alpha_unitized, alpha_unitized_overall, cohen_kappa, overlap_matches

# -- the published worked examples -----------------------------------------------


def test_cohen_1960_second_example():
    # Cohen (1960), p. 45: 200 items, three categories; p_o = .70, p_c = .41, kappa = .492.
    table = {(1, 1): 88, (1, 2): 14, (1, 3): 18, (2, 1): 10, (2, 2): 40, (2, 3): 10, (3, 1): 2, (3, 2): 6, (3, 3): 12}
    assert cohen_kappa(table) == pytest.approx(0.492, abs=0.0005)
    assert cohen_kappa(table) == pytest.approx((0.70 - 0.41) / (1 - 0.41))


def test_cohen_1960_first_example_agreement_below_chance():
    # Cohen (1960), p. 37: p_o = .29 against p_c = .35, so kappa is negative.
    table = {(1, 1): 25, (1, 2): 12, (1, 3): 3, (2, 1): 13, (2, 2): 2, (2, 3): 15, (3, 1): 12, (3, 2): 16, (3, 3): 2}
    assert cohen_kappa(table) == pytest.approx((0.29 - 0.35) / (1 - 0.35))


def _krippendorff_2004():
    # Content Analysis, 2nd ed. (2004), p. 254: two observers, continuum 150..450, categories c and k.
    c = [[(225, 295), (370, 400)], [(220, 300), (355, 375), (400, 420)]]
    k = [[(180, 240), (300, 350)], [(180, 240), (300, 350)]]
    return c, k


def test_krippendorff_2004_unitizing_example():
    c, k = _krippendorff_2004()
    rc = alpha_unitized(c, 150, 300)
    assert (round(rc.observed, 4), round(rc.expected, 4), round(rc.alpha, 4)) == (0.0144, 0.0532, 0.7286)
    rk = alpha_unitized(k, 150, 300)
    assert (rk.observed, round(rk.expected, 4), rk.alpha) == (0.0, 0.0490, 1.0)
    assert alpha_unitized_overall({"c": c, "k": k}, 150, 300) == pytest.approx(0.8591, abs=0.0005)


def _krippendorff_1995(stretch: int = 1):
    # On the reliability of unitizing continuous data (1995), p. 57: four pairs of coders on 24 units.
    def u(begin, length):
        return (begin * stretch, (begin + length) * stretch)

    return {
        "A": [[u(2, 8), u(14, 6)], [u(4, 4), u(15, 2)]],
        "B": [[u(0, 18)], [u(0, 2), u(2, 1), u(3, 1), u(4, 1), u(5, 1), u(6, 3), u(9, 1)]],
        "C": [[u(2, 6), u(10, 2), u(14, 4), u(20, 2)], [u(0, 2), u(4, 4), u(10, 4), u(16, 2), u(20, 2)]],
        "D": [[u(0, 2), u(2, 8), u(10, 4), u(14, 6), u(20, 4)], [u(0, 4), u(4, 4), u(8, 7), u(15, 2), u(17, 7)]],
    }


def test_krippendorff_1995_observed_disagreement():
    observed = {name: alpha_unitized(coders, 0, 24).observed for name, coders in _krippendorff_1995().items()}
    # 18/576, 1306/576, 16/576, 223/576
    assert {k: round(v, 5) for k, v in observed.items()} == {"A": 0.03125, "B": 2.26736, "C": 0.02778, "D": 0.38715}


def test_krippendorff_1995_alphas_on_a_fine_continuum():
    # The paper's alphas treat the continuum as continuous; a fine grid approaches them
    # (the same tolerance DKPro Statistics allows against this example).
    stretch = 50_000
    alphas = {n: alpha_unitized(c, 0, 24 * stretch).alpha for n, c in _krippendorff_1995(stretch).items()}
    published = {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}
    for name, value in published.items():
        assert alphas[name] == pytest.approx(value, abs=0.02), name


def test_overlap_matching_counts_each_span_once():
    assert overlap_matches([(0, 10)], [(0, 3), (5, 8)]) == 1
    assert overlap_matches([(0, 10), (4, 6)], [(0, 3), (5, 8)]) == 2  # needs the augmenting path
    assert overlap_matches([(0, 3)], [(3, 6)]) == 0  # touching is not overlapping


# -- constructed cases through the real CLI, numbers worked out by hand -------------

TEXT = "one two three four five six seven eight nine ten\n"  # 49 characters, 10 word tokens
L = len(TEXT)


def alpha_by_hand(observed_sum: int, lengths: list[int], gaps: list[int]) -> float:
    """Krippendorff (2004) for two coders, written out from the formula, not from agree.py."""
    d_o = Fraction(2 * observed_sum, 2 * 1 * L * L)
    n = len(lengths)
    num = sum(Fraction((n - 1) * (2 * x**3 - 3 * x**2 + x), 3) + x * x * sum(g - x + 1 for g in gaps if g >= x)
              for x in lengths)
    d_e = Fraction(2, L) * num / (2 * L * (2 * L - 1) - sum(x * (x - 1) for x in lengths))
    return round(float(1 - d_o / d_e), 4)


@pytest.fixture
def article(cli, tmp_path, db_path):
    path = tmp_path / "numbers.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert cli("import", path).exit_code == 0
    ids = json.loads(cli("articles", "--json").stdout)
    with Store.open(db_path) as store:
        assert store.article(ids[0]["id"]).text == TEXT
    return ids[0]["id"]


def mark(cli, article, who, label, start, end):
    result = cli("tag", article, label, "--span", f"{start}:{end}", annotator=who)
    assert result.exit_code == 0, result.output


def report(cli, *args):
    result = cli("agree", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def claim_pair(rep):
    return next(p for p in rep["pairs"] if p["label"] == "claim")


def test_identical_marks_agree_fully(cli, article):
    for who in ("ana", "ben"):
        mark(cli, article, who, "claim", 4, 13)   # "two three"
        mark(cli, article, who, "claim", 28, 39)  # "seven eight"
    rep = report(cli)
    assert list(rep) == ["pairs", "alpha"]
    assert claim_pair(rep) == {"a": "ana", "b": "ben", "label": "claim", "articles": 1, "n_a": 2, "n_b": 2,
                               "exact_f1": 1.0, "overlap_f1": 1.0, "kappa": 1.0}
    assert list(claim_pair(rep)) == ["a", "b", "label", "articles", "n_a", "n_b", "exact_f1", "overlap_f1", "kappa"]
    # nobody marked attributions: nothing to compare, so undefined rather than perfect
    attribution = next(p for p in rep["pairs"] if p["label"] == "attribution")
    assert (attribution["exact_f1"], attribution["overlap_f1"], attribution["kappa"]) == (None, None, None)
    assert rep["alpha"] == {"claim": 1.0, "attribution": None, "disputed": None}


def test_disjoint_marks(cli, article):
    mark(cli, article, "ana", "claim", 0, 7)    # "one two"
    mark(cli, article, "ben", "claim", 24, 33)  # "six seven"
    rep = report(cli, "--label", "claim")
    # tokens: 2 ana-only, 2 ben-only, 6 neither: p_o = .6, p_e = .2*.2 + .8*.8 = .68
    assert claim_pair(rep) == {"a": "ana", "b": "ben", "label": "claim", "articles": 1, "n_a": 1, "n_b": 1,
                               "exact_f1": 0.0, "overlap_f1": 0.0, "kappa": round((0.6 - 0.68) / 0.32, 4)}
    # ana's unit lies in ben's first gap (7²), ben's unit in ana's gap (9²)
    assert rep["alpha"] == {"claim": alpha_by_hand(49 + 81, [7, 9], [42, 24, 16])}
    assert rep["alpha"]["claim"] == -0.479  # 1 - (130/2401) / (2/49 * 8424/9392)


def test_shifted_boundaries(cli, article):
    mark(cli, article, "ana", "claim", 4, 13)  # "two three"
    mark(cli, article, "ben", "claim", 8, 18)  # "three four"
    rep = report(cli, "--label", "claim")
    # tokens: two (ana), three (both), four (ben), 7 neither: p_o = .8, p_e = .68
    assert claim_pair(rep) == {"a": "ana", "b": "ben", "label": "claim", "articles": 1, "n_a": 1, "n_b": 1,
                               "exact_f1": 0.0, "overlap_f1": 1.0, "kappa": 0.375}
    # overlapping units: (4-8)² + (13-18)² = 41
    assert rep["alpha"]["claim"] == alpha_by_hand(41, [9, 10], [4, 36, 8, 31])


def test_one_annotator_silent_on_a_label(cli, article):
    mark(cli, article, "ana", "claim", 4, 13)
    mark(cli, article, "ben", "attribution", 24, 27)  # ben worked on the article, marked no claim
    rep = report(cli)
    # ben's tokens are all "no claim": p_e = p_o = .8, so kappa is 0
    assert claim_pair(rep) == {"a": "ana", "b": "ben", "label": "claim", "articles": 1, "n_a": 1, "n_b": 0,
                               "exact_f1": 0.0, "overlap_f1": 0.0, "kappa": 0.0}
    assert rep["alpha"]["claim"] == alpha_by_hand(81, [9], [4, 36, 49])
    assert rep["alpha"]["attribution"] == alpha_by_hand(9, [3], [49, 24, 22])


def test_only_articles_both_marked_count(cli, article, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Another text entirely, with a claim in it.\n", encoding="utf-8")
    assert cli("import", other).exit_code == 0
    other_id = next(a["id"] for a in json.loads(cli("articles", "--json").stdout) if a["id"] != article)
    mark(cli, article, "ana", "claim", 4, 13)
    mark(cli, article, "ben", "claim", 4, 13)
    mark(cli, other_id, "ana", "claim", 0, 7)  # ben never worked on this one: not a disagreement
    rep = report(cli, "--label", "claim")
    assert claim_pair(rep)["articles"] == 1
    assert (claim_pair(rep)["n_a"], claim_pair(rep)["exact_f1"]) == (1, 1.0)
    only = report(cli, "--article", other_id)
    assert only["pairs"] == [] and only["alpha"]["claim"] is None
    human = cli("agree")
    assert human.exit_code == 0 and "ana" in human.stdout and "alpha_u" in human.stdout


def test_bad_label_and_article_are_clean_errors(cli, article):
    assert_clean_error(cli("agree", "--label", "opinion"), "unknown label")
    assert_clean_error(cli("agree", "--article", "zzzz"), "zzzz")
