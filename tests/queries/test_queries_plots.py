"""The diffusion figures: a real CJK font is used (no tofu), and every figure is drawn from the
named queries into PNG and SVG."""

from __future__ import annotations

import warnings
from pathlib import Path

from matplotlib import font_manager
from typer.testing import CliRunner

from graph.plots import (
    adoption_curves_figure,
    cjk_font,
    follower_graph,
    heatmap_figure,
    network_figure,
    plot_all,
    save,
)
from queries.run import StoreBackend, run_query


def test_cjk_font_resolves_to_a_cjk_font_not_dejavu():
    font = cjk_font()
    found = font_manager.findfont(font_manager.FontProperties(family=font.family), fallback_to_default=False)
    assert Path(found) == Path(font.path)
    assert "dejavu" not in found.lower()
    from matplotlib.ft2font import FT2Font

    face = FT2Font(font.path)
    assert all(face.get_char_index(ord(ch)) for ch in "法治政府建设双随机一公开府院联动邓州市")


def test_chinese_labels_render_without_missing_glyphs(tmp_path):
    rows = [{"province_code": None, "province_name": "全部", "year": 2020, "new_adopters": 1, "cumulative": 1},
            {"province_code": None, "province_name": "全部", "year": 2022, "new_adopters": 2, "cumulative": 3}]
    fig = adoption_curves_figure({"双随机一公开": rows, "府院联动": rows[:1]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" on tofu
        png, svg = save(fig, tmp_path, "curves")
    assert png.stat().st_size > 5000
    text = svg.read_text(encoding="utf-8")
    assert "<path" in text and "DejaVu" not in text


def test_follower_graph_weights_pairs_across_mechanisms():
    pairs = [
        {"leader_code": "410700", "leader_name": "新乡市", "follower_code": "411381", "follower_name": "邓州市",
         "mechanism_name": m} for m in ("双随机一公开", "府院联动")
    ] + [{"leader_code": "411381", "leader_name": "邓州市", "follower_code": "410204", "follower_name": "鼓楼区",
          "mechanism_name": "放管服"}]
    g = follower_graph(pairs)
    assert g["新乡市"]["邓州市"]["weight"] == 2 and g["邓州市"]["鼓楼区"]["weight"] == 1
    network_figure(g)


def test_heatmap_places_years_in_the_grid():
    rows = [{"mechanism_name": "双随机一公开", "jurisdiction_code": "410700", "jurisdiction_name": "新乡市",
             "first_year": 2020},
            {"mechanism_name": "府院联动", "jurisdiction_code": "411381", "jurisdiction_name": "邓州市",
             "first_year": 2023}]
    fig = heatmap_figure(rows)
    ax = fig.axes[0]
    grid = ax.images[0].get_array()
    assert sorted(int(v) for v in grid.compressed()) == [2020, 2023]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["新乡市", "邓州市"]


def test_plot_all_draws_every_figure_from_the_queries(mini_build, tmp_path):
    backend = StoreBackend.open(mini_build)
    plots = plot_all(backend, tmp_path)
    assert [p.stem for p in plots] == ["adoption_curves", "adoption_curves_by_province",
                                      "first_adoption_heatmap", "followers_network"]
    for p in plots:
        assert p.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert p.svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert run_query("followers", {"mechanism": "双随机一公开", "province": "河南"}, backend)  # the network had edges


def test_plot_cli(mini_build, tmp_path):
    from fazhi.cli import app

    result = CliRunner().invoke(app, ["plot", str(mini_build), "--out", str(tmp_path), "-m", "双随机、一公开"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "adoption_curves.svg").is_file() and (tmp_path / "followers_network.png").is_file()
    bad = CliRunner().invoke(app, ["plot", str(mini_build), "--out", str(tmp_path), "-m", "不存在"])
    assert bad.exit_code == 2 and "不存在" in bad.output
