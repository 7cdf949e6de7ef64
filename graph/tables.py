"""The CSV tables researchers load into R / Stata / pandas, computed from the build manifest.

adoptions.csv  one row per jurisdiction x mechanism (vocabulary mechanisms only; candidates are
               local terms without a concept and are left out).
panel.csv      the event-history panel: unit x mechanism x year.

Conventions (also in docs/graph.md):
- "adopted" means a mention at stage implemented or piloting (graph.build.ADOPTED_STAGES);
  planned / target / problem mentions count as "mentioned" only.
- The year of a mention is the year its report covers.
- Panel units are the jurisdictions some report is about (with a known year); years span the
  min..max covered year of the whole corpus; mechanisms are those adopted by at least one unit
  (a mechanism nobody adopted carries no event). Every unit gets every such mechanism, so
  never-adopters stay in the risk set.
- observed = 1 when a report about that unit covers that year. adopted is absorbing: 1 from the
  first adoption year on, also in unobserved years (known so far). first_year is the first
  adoption year (empty if never). left_censored = 1 when the first adoption year is the unit's
  first observed year, so the true adoption may be earlier.
Both tables are written streaming, UTF-8 with a header, no index column.
"""

from __future__ import annotations

import csv
import io

from graph.manifest import Manifest

FORMAT_VERSION = "1"
ADOPTED = ("implemented", "piloting")
ADOPTIONS_COLUMNS = ("jurisdiction_code", "jurisdiction", "province", "level", "mechanism",
                     "mechanism_zh", "mechanism_en", "first_year_implemented",
                     "first_year_mentioned", "stages", "n_reports", "first_quote", "first_report")
PANEL_COLUMNS = ("jurisdiction_code", "jurisdiction", "province", "level", "year", "mechanism",
                 "observed", "adopted", "first_year", "left_censored")

_IN_ADOPTED = "stage IN ('implemented', 'piloting')"


def _cell(v) -> str:
    return "" if v is None else str(v)


def write_adoptions(manifest: Manifest, fh) -> int:
    """Write adoptions.csv to a text file handle; returns the number of rows."""
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(ADOPTIONS_COLUMNS)
    # first_quote / first_report: the earliest adopting mention, else the earliest mention
    sql = f"""
    WITH ranked AS (
      SELECT *, ROW_NUMBER() OVER (
        PARTITION BY jurisdiction_code, mechanism
        ORDER BY NOT ({_IN_ADOPTED}), year IS NULL, year, doc, start) AS rk
      FROM adoptions)
    SELECT a.jurisdiction_code, MAX(a.jurisdiction), MAX(a.province), MAX(a.level), a.mechanism,
           MAX(a.mechanism_zh), MAX(a.mechanism_en),
           MIN(CASE WHEN a.{_IN_ADOPTED} THEN a.year END), MIN(a.year),
           GROUP_CONCAT(DISTINCT a.stage), COUNT(DISTINCT a.sha256),
           MAX(CASE WHEN a.rk = 1 THEN a.quote END), MAX(CASE WHEN a.rk = 1 THEN a.doc END)
    FROM ranked a
    GROUP BY a.jurisdiction_code, a.mechanism
    ORDER BY a.jurisdiction_code, a.mechanism
    """
    n = 0
    for row in manifest.db.execute(sql):
        row = list(row)
        row[9] = ";".join(sorted(s for s in (row[9] or "").split(",") if s))
        w.writerow([_cell(v) for v in row])
        n += 1
    return n


def write_panel(manifest: Manifest, fh) -> int:
    """Write panel.csv (unit x mechanism x year) to a text file handle; returns the row count."""
    db = manifest.db
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(PANEL_COLUMNS)
    span = db.execute("SELECT MIN(year), MAX(year) FROM reports "
                      "WHERE jurisdiction_code IS NOT NULL AND year IS NOT NULL").fetchone()
    if not span or span[0] is None:
        return 0
    years = range(span[0], span[1] + 1)
    mechanisms = [m for (m,) in db.execute(
        f"SELECT DISTINCT mechanism FROM adoptions WHERE {_IN_ADOPTED} AND year IS NOT NULL "
        "ORDER BY mechanism")]
    if not mechanisms:
        return 0
    units = db.execute(
        "SELECT jurisdiction_code, MAX(jurisdiction), MAX(province), MAX(level), "
        "GROUP_CONCAT(DISTINCT year) FROM reports "
        "WHERE jurisdiction_code IS NOT NULL AND year IS NOT NULL "
        "GROUP BY jurisdiction_code ORDER BY jurisdiction_code").fetchall()
    # Rows are joined as text, a unit at a time (3.3M rows at 30,000 reports): only the unit's
    # columns and the mechanism can need CSV quoting, so those are quoted once by the csv module.
    m_cells = {m: _csv_text((m, ""))[:-1] for m in mechanisms}
    n = 0
    for code, name, province, level, observed_years in units:
        observed = {int(y) for y in str(observed_years).split(",")}
        first_obs = min(observed)
        first = dict(db.execute(
            f"SELECT mechanism, MIN(year) FROM adoptions WHERE jurisdiction_code=? AND {_IN_ADOPTED} "
            "AND year IS NOT NULL GROUP BY mechanism", (code,)))
        head = _csv_text((code, name or "", province or "", level or ""))
        obs_cells = ["1" if y in observed else "0" for y in years]
        out: list[str] = []
        for m in mechanisms:
            fy = first.get(m)
            tail = f",{'' if fy is None else fy},{'1' if fy is not None and fy <= first_obs else '0'}\n"
            mid = f",{m_cells[m]},"
            out += [f"{head},{y}{mid}{obs},{'1' if fy is not None and y >= fy else '0'}{tail}"
                    for y, obs in zip(years, obs_cells)]
        fh.write("".join(out))
        n += len(out)
    return n


def _csv_text(fields) -> str:
    """`fields` as the csv module writes them in one row (quoted where needed), no line end."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(fields)
    return buf.getvalue()[:-1]
