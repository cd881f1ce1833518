"""Opinion groups from statement votes: planted groups, noise, sparse voters, consensus, determinism."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from bench.opinion_groups import planted_votes
from reports.analysis.opinion_groups import agreement_per_statement, groups_publishable, opinion_groups

STATEMENTS = 30
BLOCK = STATEMENTS // 3


@pytest.fixture(scope="module")
def planted():
    votes, truth = planted_votes(3, 30, STATEMENTS, noise=0.15, seen=0.8, seed=11)
    return votes, truth, opinion_groups(votes, seed=3)


def _planted_group_of(result, truth):
    """Map each found group to the planted group most of its members come from."""
    mapping = {}
    for group in range(result.k):
        members = [truth[p] for p, g in result.groups.items() if g == group and p in truth]
        mapping[group] = max(set(members), key=members.count)
    return mapping


def test_it_recovers_planted_groups(planted):
    _, truth, result = planted
    found = list(result.groups)
    assert result.k == 3
    assert adjusted_rand_score([truth[p] for p in found], [result.groups[p] for p in found]) >= 0.9
    assert result.stability >= 0.8
    assert sorted(result.sizes) == [30, 30, 30]
    assert groups_publishable(result, k_anonymity=10)
    assert not groups_publishable(result, k_anonymity=31)


def test_it_picks_representative_statements_from_each_groups_block(planted):
    _, truth, result = planted
    mapping = _planted_group_of(result, truth)
    assert {g for g, *_ in result.representative} == set(range(3))
    for group, statement, direction, _ in result.representative:
        block = int(statement[1:]) // BLOCK
        # A group agrees with its own block and disagrees with the others.
        assert (block == mapping[group]) == (direction == "agree")
    agreed = [(g, s) for g, s, d, _ in result.representative if d == "agree"]
    assert agreed
    assert all(int(s[1:]) // BLOCK == mapping[g] for g, s in agreed)


def test_it_finds_no_stable_groups_in_random_votes():
    rng = random.Random(5)
    votes = [(f"p{i}", f"s{s}", rng.choice([-1, 0, 1])) for i in range(90) for s in range(30) if rng.random() < 0.8]
    result = opinion_groups(votes, seed=0)
    assert result.stability < 0.6
    assert not groups_publishable(result, k_anonymity=5)


def test_it_places_a_sparse_voter_with_the_group_they_vote_like():
    # A small group A and a large group B: the statement means sit near B, so imputing them pulls a
    # sparse voter towards B unless the projection is scaled back out by sqrt(statements / votes).
    rng = random.Random(2)
    votes = []
    for group, size in (("a", 15), ("b", 60)):
        for i in range(size):
            for s in range(40):
                if rng.random() < 0.2:
                    continue
                vote = 1 if (s < 20) == (group == "a") else -1
                if rng.random() < 0.15:
                    vote = rng.choice([0, -vote])
                votes.append((f"{group}{i}", f"s{s}", vote))
    votes += [("sparse", f"s{s}", 1 if s < 20 else -1) for s in rng.sample(range(40), 7)]
    result = opinion_groups(votes, seed=0, bootstrap=0)
    assert result.k == 2
    assert result.groups["sparse"] == result.groups["a0"] != result.groups["b0"]


def test_it_finds_a_statement_everyone_agrees_with():
    votes, _ = planted_votes(3, 30, STATEMENTS, noise=0.15, seen=0.8, seed=11)
    rng = random.Random(1)
    voters = sorted({p for p, _, _ in votes})
    votes += [(p, "shared", 1 if rng.random() < 0.95 else 0) for p in voters]
    result = opinion_groups(votes, seed=3, bootstrap=0)
    agreed = [s for s, d, _ in result.consensus if d == "agree"]
    assert agreed[0] == "shared"
    assert all(0 < score <= 1 for _, _, score in result.consensus)


def test_it_gives_the_same_result_for_the_same_seed():
    votes, _ = planted_votes(3, 20, 15, seed=4)
    assert opinion_groups(votes, seed=9, bootstrap=10) == opinion_groups(votes, seed=9, bootstrap=10)


def test_the_latest_vote_wins():
    votes = [("a", "s1", 1), ("b", "s1", 0), ("a", "s1", -1), ("c", "s2", 1)]
    assert agreement_per_statement(votes) == {
        "s1": {"agree": 0, "disagree": 1, "pass": 1, "votes": 2},
        "s2": {"agree": 1, "disagree": 0, "pass": 0, "votes": 1},
    }


def test_it_refuses_a_vote_outside_minus_one_to_one():
    with pytest.raises(ValueError, match="vote must be"):
        opinion_groups([("a", "s1", 2)])


def test_it_leaves_out_participants_with_too_few_votes():
    votes, _ = planted_votes(3, 20, 15, seed=4)
    votes += [("few", f"s{s}", 1) for s in range(6)]
    result = opinion_groups(votes, seed=0, bootstrap=0)
    assert "few" not in result.groups
    assert "few" in opinion_groups(votes, seed=0, min_votes=6, bootstrap=0).groups


VOTE_LISTS = st.lists(
    st.tuples(
        st.sampled_from([f"p{i}" for i in range(25)]),
        st.sampled_from([f"s{i}" for i in range(10)]),
        st.sampled_from([-1, 0, 1]),
    ),
    max_size=250,
)


@settings(max_examples=60, deadline=None)
@given(votes=VOTE_LISTS, min_votes=st.one_of(st.none(), st.integers(0, 10)))
def test_it_never_crashes_and_keeps_its_promises(votes, min_votes):
    result = opinion_groups(votes, seed=0, min_votes=min_votes, bootstrap=3)
    latest = {(p, s): v for p, s, v in votes}
    statements = {s for _, s in latest}
    needed = min(7, len(statements)) if min_votes is None else min_votes
    cast = {}
    for p, _ in latest:
        cast[p] = cast.get(p, 0) + 1
    assert all(cast[p] >= needed for p in result.groups)
    assert set(result.groups.values()) <= set(range(result.k))
    assert sum(result.sizes) == len(result.groups)
    assert all(0 < score <= 1 for *_, score in result.representative)
    assert all(0 < score <= 1 for *_, score in result.consensus)
