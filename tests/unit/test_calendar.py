"""procpolicy.calendar: China's working days, checked against chinesecalendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from docs.regenerate_calendar import BEGIN, END, generate
from procpolicy import calendar
from procpolicy.calendar import (
    KNOWN_YEARS,
    WEEKDAYS_OFF,
    WORKING_WEEKENDS,
    add_working_days,
    caveat,
    covers,
    is_known,
    is_working_day,
    working_days_between,
)
from procpolicy.errors import InvalidInput

ONE_DAY = timedelta(days=1)
FIRST = date(KNOWN_YEARS[0], 1, 1)
LAST = date(KNOWN_YEARS[-1], 12, 31)
AFTER = date(KNOWN_YEARS[-1] + 1, 1, 1)

# Dates from four years before the known ones to four years after them.
around_known = st.dates(
    min_value=date(KNOWN_YEARS[0] - 4, 1, 1),
    max_value=date(KNOWN_YEARS[-1] + 4, 12, 31),
)
counts = st.integers(min_value=0, max_value=600)


def days(start: date, end: date) -> list[date]:
    """Every day from start to end, both included."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


class TestOfficialSchedule:
    def test_every_day_of_every_known_year_agrees_with_chinesecalendar(self) -> None:
        """is_working_day agrees with chinese_calendar.is_workday on every known day."""
        known = days(FIRST, LAST)
        disagree = [
            d for d in known if is_working_day(d) != chinese_calendar.is_workday(d)
        ]
        assert len(known) > 365 * 12
        assert not disagree

    def test_known_years_start_in_2014_and_end_with_chinesecalendar(self) -> None:
        """KNOWN_YEARS runs without a gap from 2014 to the last year the data holds."""
        last = max(day.year for day in chinese_calendar.holidays)
        assert range(2014, last + 1) == KNOWN_YEARS

    def test_the_shipped_data_is_what_the_generator_writes(self) -> None:
        """calendar.py holds the block docs/regenerate_calendar.py generates now."""
        text = Path(calendar.__file__).read_text(encoding="utf-8")
        shipped = BEGIN + text.split(BEGIN, 1)[1].split(END, 1)[0] + END + "\n"
        assert shipped == generate(), "run: python docs/regenerate_calendar.py"

    def test_the_exceptions_are_weekdays_off_and_weekends_on_in_known_years(
        self,
    ) -> None:
        """The weekdays off are Mondays to Fridays, the worked days weekends."""
        assert all(day.weekday() < 5 for day in WEEKDAYS_OFF)
        assert all(day.weekday() >= 5 for day in WORKING_WEEKENDS)
        assert all(is_known(day) for day in WEEKDAYS_OFF | WORKING_WEEKENDS)
        assert isinstance(WEEKDAYS_OFF, frozenset)
        assert isinstance(WORKING_WEEKENDS, frozenset)

    @pytest.mark.parametrize(
        ("day", "working"),
        [
            (date(2016, 9, 30), True),  # Friday before the National Day week
            (date(2016, 10, 1), False),  # Saturday, National Day
            (date(2016, 10, 3), False),  # Monday, holiday
            (date(2016, 10, 7), False),  # Friday, given off in exchange
            (date(2016, 10, 8), True),  # Saturday, worked (调休)
            (date(2016, 10, 9), True),  # Sunday, worked (调休)
            (date(2016, 10, 10), True),  # Monday
            (date(2016, 10, 15), False),  # an ordinary Saturday
            (date(2015, 9, 3), False),  # Thursday, the one-off Victory Day holiday
            (date(2020, 1, 31), False),  # Friday, the extended Spring Festival
            (date(2020, 2, 1), False),  # Saturday once scheduled, then cancelled
        ],
    )
    def test_the_official_schedule_decides_in_known_years(
        self, day: date, working: bool
    ) -> None:
        """Holidays, days off in exchange and worked weekends follow the notices."""
        assert is_working_day(day) is working


class TestCounting:
    def test_two_working_days_after_30_september_2016_is_9_october(self) -> None:
        """The National Day week is skipped and its worked weekend counted."""
        assert add_working_days(date(2016, 9, 30), 2) == date(2016, 10, 9)
        assert working_days_between(date(2016, 9, 30), date(2016, 10, 9)) == 2

    def test_the_first_day_is_not_counted(self) -> None:
        """One working day after a Monday is the Tuesday; a day to itself counts 0."""
        monday = date(2016, 10, 10)
        assert add_working_days(monday, 1) == date(2016, 10, 11)
        assert working_days_between(monday, monday) == 0
        assert working_days_between(monday, monday + ONE_DAY) == 1

    @pytest.mark.parametrize("day", [date(2016, 10, 1), date(2016, 10, 10)])
    def test_zero_working_days_after_a_day_is_the_day_itself(self, day: date) -> None:
        """Adding 0 gives the day back, whether it is a working day or not."""
        assert add_working_days(day, 0) == day

    @pytest.mark.parametrize(
        ("start", "n", "end"),
        [
            # Into the first known year: 1 January 2014 is a holiday.
            (date(2013, 12, 31), 1, date(2014, 1, 2)),
            # Across a known year end: Saturday 29 December 2018 was worked,
            # Monday 31 December and 1 January 2019 were not.
            (date(2018, 12, 28), 1, date(2018, 12, 29)),
            (date(2018, 12, 29), 1, date(2019, 1, 2)),
            (date(2017, 12, 29), 1, date(2018, 1, 2)),
            # Out of the last known year: the next year counts Monday to Friday.
            (LAST - timedelta(days=10), 10, None),
        ],
    )
    def test_counts_cross_year_ends_in_both_directions(
        self, start: date, n: int, end: date | None
    ) -> None:
        """Forward and backward counts across 31 December agree with each other."""
        result = add_working_days(start, n)
        if end is not None:
            assert result == end
        assert working_days_between(start, result) == n
        assert working_days_between(result, start) == -n

    def test_the_first_unknown_year_counts_its_weekdays(self) -> None:
        """After the last known year, 1 January is a working day if a weekday."""
        week = days(AFTER, AFTER + 6 * ONE_DAY)
        first_weekday = next(d for d in week if d.weekday() < 5)
        assert add_working_days(LAST, 1) == first_weekday
        assert working_days_between(LAST, first_weekday) == 1

    def test_a_count_backwards_is_negative(self) -> None:
        """From a later to an earlier day the count is minus the forward count."""
        assert working_days_between(date(2016, 10, 9), date(2016, 9, 30)) == -2

    def test_a_result_past_the_last_date_is_refused(self) -> None:
        """Counting past 9999-12-31 raises InvalidInput, not OverflowError."""
        with pytest.raises(InvalidInput, match=r"past 9999-12-31"):
            add_working_days(date.max, 1)

    def test_the_last_working_day_python_has_can_be_reached(self) -> None:
        """9999-12-31, a Friday, is one working day after the Thursday before it."""
        assert add_working_days(date(9999, 12, 30), 1) == date.max

    def test_long_counts_are_exact(self) -> None:
        """A million working days from 0001-01-01 counts back to a million."""
        far = add_working_days(date.min, 1_000_000)
        assert working_days_between(date.min, far) == 1_000_000
        assert is_working_day(far)


class TestOutsideKnownYears:
    @pytest.mark.parametrize(
        ("day", "working"),
        [
            (date(2013, 10, 1), True),  # a real holiday, unknown: a Tuesday
            (date(2013, 12, 28), False),  # Saturday
            (AFTER + timedelta(days=(5 - AFTER.weekday()) % 7), False),  # Saturday
            (date(2100, 5, 3), True),  # Monday
        ],
    )
    def test_only_weekends_are_days_off(self, day: date, working: bool) -> None:
        """Outside KNOWN_YEARS Monday to Friday are working days (ASSUMED)."""
        assert not is_known(day)
        assert is_working_day(day) is working

    @given(st.dates().filter(lambda d: d.year not in KNOWN_YEARS))
    def test_any_unknown_day_is_a_working_day_exactly_when_a_weekday(
        self, day: date
    ) -> None:
        """The fallback is Monday to Friday, whatever the year."""
        assert is_working_day(day) is (day.weekday() < 5)

    def test_is_known_follows_known_years(self) -> None:
        """The first and last known days are known, the days beside them are not."""
        assert is_known(FIRST)
        assert is_known(LAST)
        assert not is_known(FIRST - ONE_DAY)
        assert not is_known(AFTER)

    @pytest.mark.parametrize(
        ("start", "end", "covered"),
        [
            (FIRST, LAST, True),
            (LAST, FIRST, True),
            (FIRST - ONE_DAY, FIRST, False),
            (LAST, AFTER, False),
            (AFTER, LAST, False),
        ],
    )
    def test_covers_and_caveat_say_whether_the_fallback_was_used(
        self, start: date, end: date, covered: bool
    ) -> None:
        """Both ends known: covers is True and the caveat empty; else a note."""
        assert covers(start, end) is covered
        note = caveat(start, end)
        assert (note == "") is covered
        if not covered:
            assert note.startswith("; outside ")
            assert f"{KNOWN_YEARS[0]}–{KNOWN_YEARS[-1]}" in note
            assert "Monday to Friday (ASSUMED)" in note


class TestLaws:
    @given(around_known, counts)
    def test_counting_the_days_added_gives_n(self, day: date, n: int) -> None:
        """working_days_between(d, add_working_days(d, n)) == n."""
        assert working_days_between(day, add_working_days(day, n)) == n

    @given(around_known, counts.filter(lambda n: n > 0))
    def test_the_result_is_a_later_working_day(self, day: date, n: int) -> None:
        """For n ≥ 1 the result lies after the day and is a working day."""
        result = add_working_days(day, n)
        assert result > day
        assert is_working_day(result)
        assert working_days_between(day, result - ONE_DAY) == n - 1

    @given(around_known, counts, counts)
    def test_more_working_days_lie_later(self, day: date, n: int, m: int) -> None:
        """add_working_days is strictly increasing in n."""
        low, high = sorted((n, m))
        assert (add_working_days(day, low) < add_working_days(day, high)) is (
            low < high
        )

    @given(around_known, around_known, around_known)
    def test_counts_are_monotone_and_add_up(self, a: date, b: date, c: date) -> None:
        """The count never falls as the end moves later, and spans add up."""
        first, second = sorted((b, c))
        assert working_days_between(a, first) <= working_days_between(a, second)
        assert working_days_between(a, b) + working_days_between(
            b, c
        ) == working_days_between(a, c)

    @given(around_known, st.integers(min_value=0, max_value=60))
    def test_counts_agree_with_counting_day_by_day(self, day: date, span: int) -> None:
        """The arithmetic count equals a walk over each day of the span."""
        end = day + timedelta(days=span)
        walked = sum(is_working_day(d) for d in days(day + ONE_DAY, end))
        assert working_days_between(day, end) == walked


def _datetime() -> datetime:
    return datetime(2016, 10, 8, 9, 30)  # a naive datetime on purpose


class TestBadInput:
    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (
                lambda: is_working_day(_datetime()),
                "is_working_day(day): must be a date, not datetime; pass its .date()",
            ),
            (
                lambda: is_working_day("2016-10-08"),  # type: ignore[arg-type]
                "is_working_day(day): must be a date, not str",
            ),
            (
                lambda: is_known(None),  # type: ignore[arg-type]
                "is_known(day): must be a date, not NoneType",
            ),
            (
                lambda: covers(20161008, date(2016, 10, 8)),  # type: ignore[arg-type]
                "covers(start): ",
            ),
            (lambda: covers(date(2016, 10, 8), _datetime()), "covers(end): "),
            (
                lambda: caveat(date(2016, 10, 8), "x"),  # type: ignore[arg-type]
                "caveat(end): ",
            ),
            (lambda: caveat(_datetime(), date(2016, 10, 8)), "caveat(start): "),
            (
                lambda: working_days_between(_datetime(), date(2016, 10, 9)),
                "working_days_between(start): must be a date, not datetime",
            ),
            (
                lambda: working_days_between(date(2016, 10, 9), 3),  # type: ignore[arg-type]
                "working_days_between(end): must be a date, not int",
            ),
            (
                lambda: add_working_days(_datetime(), 1),
                "add_working_days(day): must be a date, not datetime",
            ),
            (
                lambda: add_working_days(date(2016, 9, 30), -1),
                "add_working_days(n): must be 0 or more, not -1",
            ),
            (
                lambda: add_working_days(date(2016, 9, 30), 2.0),  # type: ignore[arg-type]
                "add_working_days(n): must be an int, not float",
            ),
            (
                lambda: add_working_days(date(2016, 9, 30), True),
                "add_working_days(n): must be an int, not bool",
            ),
        ],
    )
    def test_bad_arguments_are_refused_naming_the_argument(
        self, call: Callable[[], object], message: str
    ) -> None:
        """A non-date, a datetime or a bad count raises InvalidInput saying which."""
        with pytest.raises(InvalidInput) as caught:
            call()
        assert str(caught.value).startswith(message)
        assert isinstance(caught.value, ValueError)


class TestContract:
    @pytest.mark.parametrize(
        "name",
        ["is_working_day", "add_working_days", "working_days_between", "KNOWN_YEARS"],
    )
    def test_the_contract_names_are_public(self, name: str) -> None:
        """DESIGN.md's procpolicy.calendar names exist and are in __all__."""
        assert hasattr(calendar, name)
        assert name in calendar.__all__

    def test_all_lists_only_names_that_exist(self) -> None:
        """Every name of calendar.__all__ exists."""
        assert all(hasattr(calendar, name) for name in calendar.__all__)
