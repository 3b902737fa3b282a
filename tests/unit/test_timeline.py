"""PolicyFramework.timeline: the stretches of a value, and the plots of them."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import matplotlib as mpl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import plots, presets
from procpolicy.policy import Stretch
from procpolicy.simulation import SimulationResult, anyang_rollout, run
from procpolicy.testing import strategies as pst

mpl.use("Agg")

NAMES = (*pp.Parameters.names(), "catalogue")


def _value(fw: pp.PolicyFramework, name: str, day: date) -> object:
    rules = fw.at(day)
    return rules.catalogue if name == "catalogue" else rules.parameters.get(name)


class TestTimeline:
    def test_a_term_limit_has_its_three_stretches(self) -> None:
        """No limit until 2013, then Anyang's one year, then mof-102's."""
        stretches = presets.anyang().timeline("max_contract_years")
        assert [(s.start, s.end, s.value) for s in stretches] == [
            (None, date(2013, 12, 31), 99),
            (date(2014, 1, 1), date(2020, 2, 29), 1),
            (date(2020, 3, 1), None, 1),
        ]
        assert [s.citation.document for s in stretches] == [
            "procpolicy",
            "ay-implementation",
            "mof-102",
        ]
        assert stretches[0].provenance is pp.Provenance.ASSUMED
        assert stretches[-1].provenance is stretches[-1].citation.provenance

    def test_the_catalogue_grows_from_two_pilots_to_eleven_categories(self) -> None:
        """The catalogue's stretches hold the Catalogue listed, year by year."""
        stretches = presets.anyang().timeline("catalogue")
        sizes = [len(s.value.covered_categories()) for s in stretches]  # type: ignore[attr-defined]
        assert sizes == [0, 2, 7, 11]
        assert stretches[-1].end is None

    def test_neighbours_with_the_same_value_and_source_are_merged(self) -> None:
        """No two neighbouring stretches have the same value and citation."""
        fw = presets.anyang()
        for name in NAMES:
            stretches = fw.timeline(name)
            for before, after in itertools.pairwise(stretches):
                assert (before.value, before.citation) != (after.value, after.citation)
                assert before.end is not None
                assert after.start == before.end + timedelta(days=1)

    def test_an_empty_framework_has_one_stretch_of_defaults(self) -> None:
        """Without documents, the unregulated default holds on every day."""
        (only,) = pp.PolicyFramework(()).timeline("min_tender_days")
        assert (only.start, only.end, only.value) == (None, None, 0)

    @pytest.mark.parametrize("name", ["no_such_parameter", "", 3])
    def test_an_unknown_name_is_invalid_input(self, name: object) -> None:
        """Neither a parameter nor 'catalogue': InvalidInput naming it."""
        with pytest.raises(pp.InvalidInput, match="neither a parameter name"):
            presets.anyang().timeline(name)  # type: ignore[arg-type]

    def test_a_stretch_covers_its_days_and_reads_as_text(self) -> None:
        """`covers` is inclusive at both ends; str gives the days and source."""
        stretch = presets.anyang().timeline("max_contract_years")[1]
        assert stretch.covers(date(2014, 1, 1))
        assert stretch.covers(date(2020, 2, 29))
        assert not stretch.covers(date(2020, 3, 1))
        assert not stretch.covers(date(2013, 12, 31))
        assert str(stretch).startswith("2014-01-01 – 2020-02-29: 1 (ay-implementation")
        assert str(presets.anyang().timeline("max_contract_years")[0]).startswith(
            "… – 2013-12-31: 99"
        )

    @given(
        fw=pst.frameworks(max_size=2),
        day=st.dates(date(1990, 1, 1), date(2040, 12, 31)),
        name=st.sampled_from(NAMES),
    )
    def test_the_stretch_covering_a_day_holds_that_days_value(
        self, fw: pp.PolicyFramework, day: date, name: str
    ) -> None:
        """Exactly one stretch covers any day, and its value is fw.at(day)'s."""
        covering = [s for s in fw.timeline(name) if s.covers(day)]
        assert len(covering) == 1
        assert covering[0].value == _value(fw, name, day)
        assert isinstance(covering[0], Stretch)


@pytest.fixture
def no_chinese_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without any font of Chinese glyphs."""
    monkeypatch.setattr(plots, "_cjk_family", lambda: None)


@pytest.fixture
def chinese_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with a Chinese font (its glyphs may be missing: warnings off)."""
    monkeypatch.setattr(plots, "_cjk_family", lambda: "DejaVu Sans")


_GLYPHS = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")


class TestPlots:
    @_GLYPHS
    @pytest.mark.usefixtures("chinese_font")
    def test_a_parameter_timeline_draws_one_bar_per_stretch(self) -> None:
        """One bar per stretch in the window, titled with the name and label."""
        fw = presets.anyang()
        fig = plots.timeline(fw, "max_contract_years")
        (ax,) = fig.axes
        assert ax.get_title() == "max_contract_years 合同履行期限"
        assert len(ax.patches) == 3
        assert next(t.get_text() for t in ax.texts) == "no limit\nprocpolicy"

    @pytest.mark.usefixtures("no_chinese_font")
    def test_without_a_chinese_font_the_labels_are_english(self) -> None:
        """No Chinese glyph is drawn where no font has one."""
        fig = plots.timeline(presets.anyang(), "grade_bands")
        ax = fig.axes[0]
        assert ax.get_title() == f"grade_bands: {pp.Parameters.label('grade_bands').en}"
        assert all(t.get_text().isascii() for t in ax.texts)
        ticks = plots.catalogue(presets.anyang()).axes[0].get_yticklabels()
        assert all(t.get_text().isascii() for t in ticks)
        assert plots.catalogue(presets.anyang()).axes[0].get_title().isascii()

    def test_a_chinese_font_is_found_by_name_or_not_at_all(self) -> None:
        """The font found is one of the known Chinese families, or None."""
        assert plots._cjk_family() in {*plots._CJK_FAMILIES, None}

    def test_a_window_leaves_out_the_stretches_outside_it(self) -> None:
        """Only the stretches that overlap since–until are drawn."""
        fig = plots.timeline(
            presets.anyang(),
            "max_contract_years",
            since=date(2015, 1, 1),
            until=date(2019, 12, 31),
        )
        assert len(fig.axes[0].patches) == 1

    def test_until_before_since_is_invalid_input(self) -> None:
        """A window that ends before it starts is refused."""
        with pytest.raises(pp.InvalidInput, match="before since"):
            plots.timeline(
                presets.anyang(),
                "max_contract_years",
                since=date(2015, 1, 1),
                until=date(2014, 1, 1),
            )

    def test_the_catalogue_figure_has_a_row_per_category_ever_listed(self) -> None:
        """Eleven rows for Anyang; items alone are drawn lighter than whole ones."""
        fig = plots.catalogue(presets.anyang())
        (ax,) = fig.axes
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(labels) == 11
        colours = {tuple(p.get_facecolor()) for p in ax.patches}
        assert len(colours) == 2
        assert len(plots.catalogue(pp.PolicyFramework(())).axes[0].patches) == 0

    def test_the_simulation_figures_draw_years_and_rules(self) -> None:
        """Spending: two bars a year; refusals: one bar per rule met."""
        result = run(anyang_rollout().with_years([2014, 2015]), 1)
        fig = plots.spending(result)
        assert len(fig.axes[0].patches) == 4
        refused = plots.refusals(result)
        assert len(refused.axes[0].patches) == len(result.refusals())

    def test_a_year_with_no_cost_has_no_savings_label(self) -> None:
        """Savings are a share of the cost before: none for a year without cost."""
        empty = SimulationResult(seeds=(1,), years=(2013,), rows=())
        fig = plots.spending(empty)
        assert len(fig.axes[0].patches) == 2
        assert not fig.axes[0].texts

    @_GLYPHS
    @pytest.mark.usefixtures("chinese_font")
    def test_a_timeline_of_the_catalogue_is_drawn_too(self) -> None:
        """The catalogue's own timeline shows each version as a bar."""
        fig = plots.timeline(presets.anyang(), "catalogue")
        assert fig.axes[0].get_title() == "catalogue 指导性目录"
        assert len(fig.axes[0].patches) == 4
        assert fig.axes[0].texts[-1].get_text().startswith("11 categories")
