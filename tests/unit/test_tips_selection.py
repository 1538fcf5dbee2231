"""Which card a daily tip carries: no repeats, spaced review, safety refreshers, no 👎."""

import datetime as dt
import itertools

from bot.domain.tips import (
    MAX_REVIEW_DAYS,
    NO_REPEAT_DAYS,
    RISK_EVERY,
    Reason,
    Seen,
    TipCard,
    Vote,
    choose_tip,
    review_due,
)

DAY0 = dt.date(2026, 1, 1)
CARDS = [TipCard(f"c{i:02d}", f"topic.{i % 5}", safety=False) for i in range(20)] + [
    TipCard(f"risk{i}", "risk.suicide", safety=True) for i in range(6)
]


def simulate(days: int, cards=CARDS, votes=None, salt=7):
    """Choose a tip a day for `days` days, feeding each choice back into the history."""
    seen: dict[str, Seen] = {}
    votes = dict(votes or {})
    picks = []
    for n in range(days):
        today = DAY0 + dt.timedelta(days=n)
        choice = choose_tip(cards, seen, votes, today, salt=salt)
        if choice is None:
            picks.append(None)
            continue
        old = seen.get(choice.card_id)
        days = (*old.days, today) if old else (today,)
        seen[choice.card_id] = Seen(len(days), today, n + 1, days)
        picks.append((today, choice))
    return picks, seen


def test_no_repeats_while_unseen_cards_remain():
    picks, _ = simulate(len(CARDS))
    ids = [choice.card_id for _, choice in picks]
    assert len(set(ids)) == len(CARDS)


def test_no_card_twice_within_30_days_even_after_all_were_seen():
    picks, _ = simulate(120)
    last: dict[str, dt.date] = {}
    for day, choice in picks:
        if choice.card_id in last and len(CARDS) >= NO_REPEAT_DAYS:
            assert (day - last[choice.card_id]).days >= NO_REPEAT_DAYS
        last[choice.card_id] = day
    # With fewer cards than days in the window, the least recently seen comes back first.
    assert {choice.reason for _, choice in picks[len(CARDS) :]} <= {Reason.AGAIN, Reason.REFRESHER}


def test_a_safety_card_at_least_every_seventh_tip():
    picks, _ = simulate(100)
    reasons = [choice for _, choice in picks]
    for start in range(len(reasons) - RISK_EVERY + 1):
        window = reasons[start : start + RISK_EVERY]
        assert any(c.card_id.startswith("risk") for c in window), start


def test_no_repeat_wins_over_a_refresher_while_unseen_cards_remain():
    """With only two safety cards, both shown within 30 days, the refresher waits."""
    cards = [*CARDS[:20], TipCard("risk0", "risk.x", True), TipCard("risk1", "risk.x", True)]
    picks, _ = simulate(21, cards=cards)
    shown = [(day, c.card_id) for day, c in picks if c.card_id.startswith("risk")]
    assert [card for _, card in shown] in (["risk0", "risk1"], ["risk1", "risk0"])


def test_thumbs_down_cards_are_never_pushed():
    votes = {c.id: Vote(False, DAY0) for c in CARDS[:10]}
    votes["risk0"] = Vote(False, DAY0)
    picks, _ = simulate(200, votes=votes)
    assert not {choice.card_id for _, choice in picks} & set(votes)


def test_nothing_to_push_when_every_card_is_thumbs_down():
    votes = {c.id: Vote(False, DAY0) for c in CARDS}
    assert choose_tip(CARDS, {}, votes, DAY0, salt=1) is None


def test_helpful_cards_come_back_on_a_spaced_schedule():
    helpful = CARDS[3].id
    votes = {helpful: Vote(True, DAY0)}
    # Plenty of unseen cards, so only the review schedule can bring it back.
    cards = [*CARDS, *(TipCard(f"x{i:03d}", f"t.{i}", False) for i in range(300))]
    picks, _ = simulate(250, cards=cards, votes=votes)
    shown = [day for day, choice in picks if choice.card_id == helpful]
    assert [c.reason for _, c in picks if c.card_id == helpful] == [Reason.REVIEW] * len(shown)
    gaps = [(b - a).days for a, b in zip([DAY0, *shown], shown, strict=False)]
    # FSRS's dates (👍 = Good, each review tip left unpressed = Hard): 2 and 23 days, held
    # back to the 30-day rest, then 57, 99, 149 … growing to at most MAX_REVIEW_DAYS.
    # A safety refresher owed on the due day goes first, so a review can land a day late.
    assert gaps[:3] == [30, 30, 57]
    assert 99 <= gaps[3] <= 100


def test_review_due_dates():
    # A 👍 in the library, no tip yet: FSRS says 2 days; the 30-day rest wins.
    assert review_due("b", {}, Vote(True, DAY0)) == DAY0 + dt.timedelta(days=NO_REPEAT_DAYS)
    # 👍 on its first tip, then one review tip left unpressed (FSRS: Good, then Hard).
    later = DAY0 + dt.timedelta(days=30)
    seen = {"a": Seen(2, later, 5, (DAY0, later))}
    assert review_due("a", seen, Vote(True, DAY0)) == later + dt.timedelta(days=NO_REPEAT_DAYS)
    twice = {
        "a": Seen(3, later + dt.timedelta(days=30), 9, (DAY0, later, later + dt.timedelta(days=30)))
    }
    assert review_due("a", twice, Vote(True, DAY0)) == later + dt.timedelta(days=30 + 57)


def test_a_thumbs_up_on_a_review_spaces_the_card_further_than_silence():
    """The 👍 belongs to the last tip before it (Good); a tip left unpressed is Hard."""
    days = tuple(DAY0 + dt.timedelta(days=n) for n in (0, 30, 60, 117))
    seen = {"a": Seen(len(days), days[-1], 4, days)}
    silent = review_due("a", seen, Vote(True, DAY0))
    pressed_again = review_due("a", seen, Vote(True, days[-1]))
    assert (silent - days[-1]).days == 99
    assert pressed_again > silent


def test_reviews_never_stay_away_longer_than_the_cap():
    days = tuple(DAY0 + dt.timedelta(days=400 * n) for n in range(6))
    seen = {"a": Seen(len(days), days[-1], 6, days)}
    assert review_due("a", seen, Vote(True, days[-1])) == days[-1] + dt.timedelta(
        days=MAX_REVIEW_DAYS
    )


def test_a_card_voted_on_counts_as_seen():
    # Voting proves the person saw it: it is not "unseen", and rests 30 days.
    votes = {CARDS[0].id: Vote(True, DAY0 - dt.timedelta(days=3))}
    picks, _ = simulate(15, votes=votes)
    assert CARDS[0].id not in {choice.card_id for _, choice in picks}


def test_order_differs_between_people_but_is_stable():
    first = [c.card_id for _, c in simulate(5, salt=1)[0]]
    again = [c.card_id for _, c in simulate(5, salt=1)[0]]
    other = [c.card_id for _, c in simulate(5, salt=2)[0]]
    assert first == again and first != other


def test_consecutive_new_tips_change_topic_when_they_can():
    picks, _ = simulate(12)
    topics = [next(c.topic for c in CARDS if c.id == choice.card_id) for _, choice in picks]
    assert all(a != b for a, b in itertools.pairwise(topics))
