"""Citations as value objects, and finding them in text (drafter.citations.symbols)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.citations.symbols import (
    CHRResolution,
    DateMention,
    DateRange,
    DocumentSymbol,
    ECOSOCResolution,
    Found,
    GADecision,
    GAResolution,
    HRCResolution,
    JointSymbol,
    OfficialRecords,
    ResolutionCitation,
    ResolutionNumber,
    SessionMention,
    SubCommissionResolution,
    find_citations,
    parse_symbol,
)

D = dt.date

# --- resolution numbers ----------------------------------------------------------------------

GA_CASES = [
    ("68/160", GAResolution(68, 160), "68/160", "A/RES/68/160"),
    ("A/RES/68/160", GAResolution(68, 160), "68/160", "A/RES/68/160"),
    ("31/1", GAResolution(31, 1), "31/1", "A/RES/31/1"),
    ("1165 (XII)", GAResolution(12, 1165), "1165 (XII)", "A/RES/1165 (XII)"),
    ("1165(XII)", GAResolution(12, 1165), "1165 (XII)", "A/RES/1165 (XII)"),
    ("A/RES/1165 (XII)", GAResolution(12, 1165), "1165 (XII)", "A/RES/1165 (XII)"),
    ("A/RES/3101(XXVIII)", GAResolution(28, 3101), "3101 (XXVIII)", "A/RES/3101 (XXVIII)"),
    ("2957 (XXVII)", GAResolution(27, 2957), "2957 (XXVII)", "A/RES/2957 (XXVII)"),
    ("2200 A (XXI)", GAResolution(21, 2200, "A"), "2200 A (XXI)", "A/RES/2200 (XXI)"),
    ("57/270 B", GAResolution(57, 270, "B"), "57/270 B", "A/RES/57/270"),
    (" 68/160\n", GAResolution(68, 160), "68/160", "A/RES/68/160"),
]


@pytest.mark.parametrize("text, value, formatted, symbol", GA_CASES)
def test_ga_resolution(text, value, formatted, symbol):
    parsed = GAResolution.parse(text)
    assert parsed == value
    assert parsed.format() == formatted == str(parsed)
    assert parsed.symbol() == symbol


@pytest.mark.parametrize(
    "bad",
    ["", "68", "68/", "/160", "68-160", "2005/54", "19/33", "1165 (XXXII)", "1165 (IIII)",
     "0/5", "68/0", "A/RES/", "resolution 68/160", "68/160/Add.1", "1165 (xii)"],
)
def test_ga_resolution_rejects(bad):
    with pytest.raises(ValueError):
        GAResolution.parse(bad)


def test_ga_resolution_message_explains_the_old_numbering():
    with pytest.raises(ValueError, match="Roman"):
        GAResolution.parse("19/33")


def test_ga_resolutions_order_by_session_then_number():
    values = [GAResolution(68, 160), GAResolution(12, 1165), GAResolution(68, 3), GAResolution(61, 168)]
    assert sorted(values) == [
        GAResolution(12, 1165), GAResolution(61, 168), GAResolution(68, 3), GAResolution(68, 160)
    ]
    assert GAResolution(67, 169) < GAResolution(68, 1)


@pytest.mark.parametrize("bad", [(0, 1), (1, 0), (-5, 3), (68, 1, "AB"), (68, 1, "a")])
def test_ga_resolution_validates_fields(bad):
    with pytest.raises(ValueError):
        GAResolution(*bad)


@pytest.mark.parametrize(
    "cls, text, value, formatted",
    [
        (GADecision, "decision 68/555", GADecision(68, 555), "68/555"),
        (GADecision, "68/555", GADecision(68, 555), "68/555"),
        (GADecision, "Decision 66/517", GADecision(66, 517), "66/517"),
        (HRCResolution, "19/33", HRCResolution(19, 33), "19/33"),
        (HRCResolution, "A/HRC/RES/19/33", HRCResolution(19, 33), "19/33"),
        (HRCResolution, "7/3", HRCResolution(7, 3), "7/3"),
        (CHRResolution, "2005/54", CHRResolution(2005, 54), "2005/54"),
        (CHRResolution, "E/CN.4/RES/2005/54", CHRResolution(2005, 54), "2005/54"),
        (SubCommissionResolution, "2000/22", SubCommissionResolution(2000, 22), "2000/22"),
        (SubCommissionResolution, "E/CN.4/Sub.2/RES/2000/22", SubCommissionResolution(2000, 22), "2000/22"),
        (SubCommissionResolution, "E/CN.4/SUB.2/RES/2000/22", SubCommissionResolution(2000, 22), "2000/22"),
        (ECOSOCResolution, "E/RES/2004/27", ECOSOCResolution(2004, 27), "2004/27"),
    ],
)
def test_other_numbers(cls, text, value, formatted):
    parsed = cls.parse(text)
    assert parsed == value and parsed.format() == formatted


@pytest.mark.parametrize(
    "value, symbol",
    [
        (HRCResolution(19, 33), "A/HRC/RES/19/33"),
        (CHRResolution(2005, 54), "E/CN.4/RES/2005/54"),
        (SubCommissionResolution(2000, 22), "E/CN.4/Sub.2/RES/2000/22"),
        (ECOSOCResolution(2004, 27), "E/RES/2004/27"),
    ],
)
def test_other_symbols(value, symbol):
    assert value.symbol() == symbol
    assert type(value).parse(symbol) == value


@pytest.mark.parametrize(
    "cls, bad",
    [
        (HRCResolution, "2005/54"),
        (HRCResolution, "19-33"),
        (HRCResolution, "0/33"),
        (CHRResolution, "19/33"),
        (CHRResolution, "05/54"),
        (SubCommissionResolution, "2000"),
        (GADecision, "decision 2005/201"),
    ],
)
def test_other_numbers_reject(cls, bad):
    with pytest.raises(ValueError):
        cls.parse(bad)


def test_bodies_do_not_compare_equal():
    assert HRCResolution(19, 33) != GAResolution(19, 33)
    assert CHRResolution(2000, 22) != SubCommissionResolution(2000, 22)


# --- document symbols ------------------------------------------------------------------------

SYMBOLS = [
    ("A/C.3/66/L.32", ("A", "C.3", "66", "L.32"), None, (), "A", 66),
    ("A/C.3/69/L.32/Rev.1", ("A", "C.3", "69", "L.32", "Rev.1"), None, (), "A", 69),
    ("A/68/456/Add.2", ("A", "68", "456", "Add.2"), None, (), "A", 68),
    ("A/67/53", ("A", "67", "53"), None, (), "A", 67),
    ("A/69/L.27", ("A", "69", "L.27"), None, (), "A", 69),
    ("A/RES/68/160", ("A", "RES", "68", "160"), None, (), "A", 68),
    ("A/RES/1165 (XII)", ("A", "RES", "1165"), "XII", (), "A", 12),
    ("A/CONF.157/24 (Part I)", ("A", "CONF.157", "24"), "Part I", (), "A", None),
    ("E/CN.4/2001/2", ("E", "CN.4", "2001", "2"), None, (), "E", None),
    ("E/CN.4/Sub.2/2000/46", ("E", "CN.4", "Sub.2", "2000", "46"), None, (), "E", None),
    ("E/2005/23", ("E", "2005", "23"), None, (), "E", None),
    ("A/HRC/RES/19/33", ("A", "HRC", "RES", "19", "33"), None, (), "A", None),
    ("A/67/53 and Corr.1", ("A", "67", "53"), None, ("Corr.1",), "A", 67),
    ("E/2005/23 and Corr.1", ("E", "2005", "23"), None, ("Corr.1",), "E", None),
    ("A/61/443/Add.2 and Corr.1", ("A", "61", "443", "Add.2"), None, ("Corr.1",), "A", 61),
    ("A/58/3 and Corr.1 and Corr.2", ("A", "58", "3"), None, ("Corr.1", "Corr.2"), "A", 58),
    ("A/RES/S-26/2", ("A", "RES", "S-26", "2"), None, (), "A", None),
    ("A/68/53/Add.1", ("A", "68", "53", "Add.1"), None, (), "A", 68),
    ("S/RES/1325 (2000)", ("S", "RES", "1325"), "2000", (), "S", None),
    ("A/9030", ("A", "9030"), None, (), "A", None),
]


@pytest.mark.parametrize("text, parts, qualifier, corrigenda, body, session", SYMBOLS)
def test_document_symbol(text, parts, qualifier, corrigenda, body, session):
    symbol = DocumentSymbol.parse(text)
    assert symbol == DocumentSymbol(parts, qualifier, corrigenda)
    assert symbol.format() == text
    assert (symbol.body, symbol.session) == (body, session)
    assert parse_symbol(text) == symbol


def test_document_symbol_canonical_spacing():
    assert DocumentSymbol.parse("A/RES/3101(XXVIII)").format() == "A/RES/3101 (XXVIII)"
    assert DocumentSymbol.parse("A/67/53  and\nCorr.1").format() == "A/67/53 and Corr.1"


@pytest.mark.parametrize(
    "bad", ["", "A", "A/", "HIV/AIDS", "68/160", "a/68/1", "A//1", "A/68/ 1", "A/68/1 (Annex)",
            "A/67/53 and Corr", "A/67/53 and 2"]
)
def test_document_symbol_rejects(bad):
    with pytest.raises(ValueError):
        DocumentSymbol.parse(bad)


def test_joint_symbol():
    text = "E/CN.4/2001/2-E/CN.4/Sub.2/2000/46"
    joint = parse_symbol(text)
    assert joint == JointSymbol(
        (DocumentSymbol(("E", "CN.4", "2001", "2")), DocumentSymbol(("E", "CN.4", "Sub.2", "2000", "46")))
    )
    assert JointSymbol.parse(text) == joint
    assert joint.format() == text and joint.body == "E"
    with pytest.raises(ValueError, match="joint"):
        DocumentSymbol.parse(text)
    with pytest.raises(ValueError):
        JointSymbol.parse("E/CN.4/2001/2")


# --- Official Records ------------------------------------------------------------------------

OR_67 = (
    "Official Records of the General Assembly, Sixty-seventh Session, Supplement No. 53 and "
    "corrigendum (A/67/53 and Corr.1), chap. III, sect. A"
)
OR_2005 = (
    "Official Records of the Economic and Social Council, 2005, Supplement No. 3 and corrigendum "
    "(E/2005/23 and Corr.1), chap. II, sect. A"
)
OR_66 = "Official Records of the General Assembly, Sixty-sixth Session, Supplement No. 53 (A/66/53), chap. II, sect. A"
OR_68A = "Official Records of the General Assembly, Sixty-eighth Session, Supplement No. 53A (A/68/53/Add.1)"
OR_CASES = [
    (OR_67, OfficialRecords(body="GA", session=67, supplement="53", corrigendum=True,
                            symbol=DocumentSymbol(("A", "67", "53"), corrigenda=("Corr.1",)),
                            chapter="III", section="A")),
    (OR_2005, OfficialRecords(body="ECOSOC", year=2005, supplement="3", corrigendum=True,
                              symbol=DocumentSymbol(("E", "2005", "23"), corrigenda=("Corr.1",)),
                              chapter="II", section="A")),
    (OR_66, OfficialRecords(body="GA", session=66, supplement="53",
                            symbol=DocumentSymbol(("A", "66", "53")), chapter="II", section="A")),
    (OR_68A, OfficialRecords(body="GA", session=68, supplement="53A",
                             symbol=DocumentSymbol(("A", "68", "53", "Add.1")))),
]


@pytest.mark.parametrize("text, value", OR_CASES)
def test_official_records(text, value):
    assert OfficialRecords.parse(text) == value
    assert value.format() == text


@pytest.mark.parametrize(
    "text, value",
    [
        ("See " + OR_66 + ".", OR_CASES[2][1]),
        (OR_2005.replace(" (E/", "\n(E/"), OR_CASES[1][1]),
    ],
)
def test_official_records_tolerates_see_and_wrapping(text, value):
    assert OfficialRecords.parse(text) == value


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "Official Records of the General Assembly, Sixty-seventh Session",
        "Official Records of the General Assembly, 2005, Supplement No. 53 (A/67/53)",
        "Official Records of the Economic and Social Council, Sixty-seventh Session, Supplement No. 3 (E/2005/23)",
        "Official Records of the General Assembly, Sixty-seventh Session, Supplement No. 53 (68/160)",
    ],
)
def test_official_records_rejects(bad):
    with pytest.raises(ValueError):
        OfficialRecords.parse(bad)


def test_official_records_validates_session_or_year():
    with pytest.raises(ValueError):
        OfficialRecords(body="GA", year=2005, supplement="53", symbol=DocumentSymbol(("A", "67", "53")))
    with pytest.raises(ValueError):
        OfficialRecords(body="HRC", session=19, supplement="53", symbol=DocumentSymbol(("A", "67", "53")))


# --- sessions and dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("sixty-first session", SessionMention(61, "running")),
        ("Sixty-ninth session", SessionMention(69, "masthead")),
        ("Sixty-seventh Session", SessionMention(67, "records")),
        ("one hundred and first session", SessionMention(101, "running")),
    ],
)
def test_session_mention(text, value):
    assert SessionMention.parse(text) == value
    assert value.format() == text


@pytest.mark.parametrize("bad", ["sixty-first", "sixty-first meeting", "61st session", "session"])
def test_session_mention_rejects(bad):
    with pytest.raises(ValueError):
        SessionMention.parse(bad)


def test_date_mention():
    assert DateMention.parse("18 December 2013") == DateMention(D(2013, 12, 18))
    assert DateMention(D(2013, 12, 8)).format() == "8 December 2013"


RANGES = [
    ("from 31 August to 8 September 2001", DateRange(D(2001, 8, 31), D(2001, 9, 8))),
    ("from 20 to 24 April 2009", DateRange(D(2009, 4, 20), D(2009, 4, 24))),
    ("from 31 December 2012 to 1 January 2013", DateRange(D(2012, 12, 31), D(2013, 1, 1))),
]


@pytest.mark.parametrize("text, value", RANGES)
def test_date_range(text, value):
    assert DateRange.parse(text) == value
    assert value.format() == text


@pytest.mark.parametrize(
    "bad", ["from 24 to 20 April 2009", "20 to 24 April 2009", "from 20 to 31 April 2009", "from 20 April 2009"]
)
def test_date_range_rejects(bad):
    with pytest.raises(ValueError):
        DateRange.parse(bad)


# --- resolution citations --------------------------------------------------------------------

CITATIONS = [
    ("its resolution 67/169 of 20 December 2012",
     ResolutionCitation("GA", GAResolution(67, 169), D(2012, 12, 20))),
    ("resolution 60/156 of 16 December 2005",
     ResolutionCitation("GA", GAResolution(60, 156), D(2005, 12, 16))),
    ("General Assembly resolution 60/251 of 15 March 2006",
     ResolutionCitation("GA", GAResolution(60, 251), D(2006, 3, 15))),
    ("Human Rights Council resolution 19/33 of 23 March 2012",
     ResolutionCitation("HRC", HRCResolution(19, 33), D(2012, 3, 23))),
    ("Commission on Human Rights resolution 2005/54 of 20 April 2005",
     ResolutionCitation("CHR", CHRResolution(2005, 54), D(2005, 4, 20))),
    ("Economic and Social Council resolution 2004/27",
     ResolutionCitation("ECOSOC", ECOSOCResolution(2004, 27))),
    ("resolution 3101 (XXVIII) of 12 December 1973",
     ResolutionCitation("GA", GAResolution(28, 3101), D(1973, 12, 12))),
    ("resolution 2200 A (XXI) of 16 December 1966",
     ResolutionCitation("GA", GAResolution(21, 2200, "A"), D(1966, 12, 16))),
    ("Resolution 55/2", ResolutionCitation("GA", GAResolution(55, 2))),
    ("resolution A/RES/68/160", ResolutionCitation("GA", GAResolution(68, 160))),
    ("resolution 2000/22 of 18 August 2000",
     ResolutionCitation("unknown", ResolutionNumber("2000/22"), D(2000, 8, 18))),
    ("resolution 19/33", ResolutionCitation("unknown", ResolutionNumber("19/33"))),
    ("Subcommission on the Promotion and Protection of Human Rights resolution 2000/22",
     ResolutionCitation("SubCommission", SubCommissionResolution(2000, 22))),
    ("Sub-Commission resolution 2000/22",
     ResolutionCitation("SubCommission", SubCommissionResolution(2000, 22))),
    ("67/169 of 20 December 2012", ResolutionCitation("GA", GAResolution(67, 169), D(2012, 12, 20))),
]


@pytest.mark.parametrize("text, value", CITATIONS)
def test_resolution_citation_parse(text, value):
    assert ResolutionCitation.parse(text) == value


@pytest.mark.parametrize(
    "value, text",
    [
        (CITATIONS[0][1], "resolution 67/169 of 20 December 2012"),
        (CITATIONS[3][1], "Human Rights Council resolution 19/33 of 23 March 2012"),
        (CITATIONS[4][1], "Commission on Human Rights resolution 2005/54 of 20 April 2005"),
        (CITATIONS[7][1], "resolution 2200 A (XXI) of 16 December 1966"),
        (ResolutionCitation("GA", ResolutionNumber("19/33")), "General Assembly resolution 19/33"),
    ],
)
def test_resolution_citation_format(value, text):
    assert value.format() == text
    assert ResolutionCitation.parse(text) == value


@pytest.mark.parametrize(
    "bad", ["", "resolution", "its resolution of 20 December 2012", "resolutions 64/171 and 65/12",
            "resolution 67/169 of 20 December 2012 and more", "Security Council resolution 1325 (2000)"]
)
def test_resolution_citation_rejects(bad):
    with pytest.raises(ValueError):
        ResolutionCitation.parse(bad)


def test_resolution_citation_validates_body():
    with pytest.raises(ValueError):
        ResolutionCitation("UNGA", GAResolution(68, 160))


# --- find_citations: table -------------------------------------------------------------------


def summary(found: list[Found]) -> list[tuple[str, str, object]]:
    return [(f.kind, f.text, f.value) for f in found]


def rc(body, res, date=None):
    return ResolutionCitation(body, res, date)


FIND_CASES = [
    ("Decides to continue its consideration of the question at its sixty-first session.",
     [("session", "sixty-first session", SessionMention(61))]),
    ("to review, not later than at its thirty-third session, the question",
     [("session", "thirty-third session", SessionMention(33))]),
    ("Sixty-ninth session\nAgenda item 69 (b)", [("session", "Sixty-ninth session", SessionMention(69, "masthead"))]),
    ("21 February 2014Sixty-eighth session", [("date", "21 February 2014", DateMention(D(2014, 2, 21)))]),
    ("Recalling its resolutions 64/171 of 18 December 2009 and 65/123 of 21 December 2010,",
     [("resolution", "its resolutions 64/171 of 18 December 2009", rc("GA", GAResolution(64, 171), D(2009, 12, 18))),
      ("resolution", "65/123 of 21 December 2010", rc("GA", GAResolution(65, 123), D(2010, 12, 21)))]),
    ("Recalling its resolutions 64/171, 65/12 and 66/3,",
     [("resolution", "its resolutions 64/171", rc("GA", GAResolution(64, 171))),
      ("resolution", "65/12", rc("GA", GAResolution(65, 12))),
      ("resolution", "66/3", rc("GA", GAResolution(66, 3)))]),
    ("Human Rights Council resolutions 19/33 and 22/10 and",
     [("resolution", "Human Rights Council resolutions 19/33", rc("HRC", HRCResolution(19, 33))),
      ("resolution", "22/10", rc("HRC", HRCResolution(22, 10)))]),
    ("in which it decided, by its resolution 2957 (XXVII) of 18 December 1972, to review",
     [("resolution", "its resolution 2957 (XXVII) of 18 December 1972",
       rc("GA", GAResolution(27, 2957), D(1972, 12, 18)))]),
    ("Recalling General Assembly resolution 217 A (III) of 10 December 1948,",
     [("resolution", "General Assembly resolution 217 A (III) of 10 December 1948",
       rc("GA", GAResolution(3, 217, "A"), D(1948, 12, 10)))]),
    ("Economic and Social Council resolution 1503 (XLVIII) of 27 May 1970",
     [("resolution", "Economic and Social Council resolution 1503 (XLVIII) of 27 May 1970",
       rc("ECOSOC", ResolutionNumber("1503 (XLVIII)"), D(1970, 5, 27)))]),
    ("Security Council resolution 1325 (2000) of 31 October 2000 (S/RES/1325 (2000))",
     [("date", "31 October 2000", DateMention(D(2000, 10, 31))),
      ("symbol", "S/RES/1325 (2000)", DocumentSymbol(("S", "RES", "1325"), "2000"))]),
    ("Commission on the Status of Women resolution 56/3 of 9 March 2012",
     [("resolution", "resolution 56/3 of 9 March 2012", rc("unknown", ResolutionNumber("56/3"), D(2012, 3, 9)))]),
    ("Welcoming the adoption by the Human Rights Council, in its resolution 40/12, of",
     [("resolution", "resolution 40/12", rc("HRC", HRCResolution(40, 12)))]),
    ("the Commission on Human Rights, by its resolution 2005/54 of 20 April 2005,",
     [("resolution", "resolution 2005/54 of 20 April 2005", rc("CHR", CHRResolution(2005, 54), D(2005, 4, 20)))]),
    ("the Subcommission, in its resolution 2000/22,",
     [("resolution", "resolution 2000/22", rc("SubCommission", SubCommissionResolution(2000, 22)))]),
    ("resolution 2005/54 of the Commission on Human Rights",
     [("resolution", "resolution 2005/54", rc("CHR", CHRResolution(2005, 54)))]),
    ("noting resolution 2004/27, adopted by the Economic and Social Council",
     [("resolution", "resolution 2004/27", rc("ECOSOC", ECOSOCResolution(2004, 27)))]),
    ("noting resolution 2004/27, and the Economic and Social Council",
     [("resolution", "resolution 2004/27", rc("unknown", ResolutionNumber("2004/27")))]),
    ("recalling resolution 2004/27 of the Economic and Social Council",
     [("resolution", "resolution 2004/27", rc("ECOSOC", ECOSOCResolution(2004, 27)))]),
    ("as recalled in resolution 2000/22; the Commission on Human Rights",
     [("resolution", "resolution 2000/22", rc("unknown", ResolutionNumber("2000/22")))]),
    ("see Human Rights Council resolution 5/1 and resolution 19/33",
     [("resolution", "Human Rights Council resolution 5/1", rc("HRC", HRCResolution(5, 1))),
      ("resolution", "resolution 19/33", rc("unknown", ResolutionNumber("19/33")))]),
    ("HIV/AIDS and/or 68/160", []),
    ("adopted on December 18, 2013 and 18th December 2013", []),
    ("Durban Review Conference, held in Geneva from 20 to 24 April 2009,",
     [("date_range", "from 20 to 24 April 2009", DateRange(D(2009, 4, 20), D(2009, 4, 24)))]),
    ("for the period from 1 January 2014 to 31 December 2016",
     [("date_range", "from 1 January 2014 to 31 December 2016", DateRange(D(2014, 1, 1), D(2016, 12, 31)))]),
    ("See " + OR_66 + ".", [("records", OR_66, OR_CASES[2][1])]),
    ("Supplement No. 53A (A/68/53/Add.1)", [("symbol", "A/68/53/Add.1", DocumentSymbol(("A", "68", "53", "Add.1")))]),
    ("[on the report of the Third Committee (A/61/443/Add.2 and Corr.1)]",
     [("symbol", "A/61/443/Add.2 and Corr.1", DocumentSymbol(("A", "61", "443", "Add.2"), None, ("Corr.1",)))]),
    ("draft A/C.3/69/L.32/Rev.1, revising A/C.3/69/L.32.",
     [("symbol", "A/C.3/69/L.32/Rev.1", DocumentSymbol(("A", "C.3", "69", "L.32", "Rev.1"))),
      ("symbol", "A/C.3/69/L.32", DocumentSymbol(("A", "C.3", "69", "L.32")))]),
    ("1 A/CONF.157/24 (Part I), chap. III.",
     [("symbol", "A/CONF.157/24 (Part I)", DocumentSymbol(("A", "CONF.157", "24"), "Part I"))]),
    ("5 See E/CN.4/2001/2-E/CN.4/Sub.2/2000/46, chap. II, sect. A.",
     [("symbol", "E/CN.4/2001/2-E/CN.4/Sub.2/2000/46", parse_symbol("E/CN.4/2001/2-E/CN.4/Sub.2/2000/46"))]),
    ("A/RES/68/160Enhancement of", []),
]


@pytest.mark.parametrize("text, expected", FIND_CASES)
def test_find_citations(text, expected):
    assert summary(find_citations(text)) == expected


def test_find_citations_spans_of_a_resolution():
    text = "Recalling its resolution 67/169 of 20 December 2012, Human Rights Council resolution 19/33,"
    first, second = find_citations(text)
    assert text[first.start : first.end] == "its resolution 67/169 of 20 December 2012"
    assert text[slice(*first.number_span)] == "67/169"
    assert text[slice(*first.date_span)] == "20 December 2012"
    assert second.text == "Human Rights Council resolution 19/33"
    assert text[slice(*second.number_span)] == "19/33" and second.date_span is None


# --- find_citations: the seed editions -------------------------------------------------------

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "enhancement-of-international-cooperation-in-the-field-of-human-rights"
# Footnote markers glued to numbers in the seeds, as a later stage removes them.
GLUED = {
    "A-RES-60-156.txt": [("1993, 1 for", "1993, for"), ("20002 and", "2000 and")],
    "A-RES-68-160.txt": [("19931 for", "1993 for"), ("20002 and", "2000 and"), ("20123 and", "2012 and")],
}


def clean(name: str) -> str:
    text = (CORPUS / name).read_text(encoding="utf-8")
    text = re.sub("[\u00b9\u00b2\u00b3\u2070-\u2079*]", "", text)  # superscript markers, emphasis
    for old, new in GLUED.get(name, []):
        assert old in text
        text = text.replace(old, new)
    return text


OR_ECOSOC = ("records", OR_2005, OR_CASES[1][1])
ADOPTION_2000_22 = ("resolution", "resolution 2000/22 of 18 August 2000",
                    rc("SubCommission", SubCommissionResolution(2000, 22), D(2000, 8, 18)))
CHR_2005_54 = ("resolution", "Commission on Human Rights resolution 2005/54 of 20 April 2005",
               rc("CHR", CHRResolution(2005, 54), D(2005, 4, 20)))
CONF_157 = ("symbol", "A/CONF.157/24 (Part I)", DocumentSymbol(("A", "CONF.157", "24"), "Part I"))
JOINT = ("symbol", "E/CN.4/2001/2-E/CN.4/Sub.2/2000/46", parse_symbol("E/CN.4/2001/2-E/CN.4/Sub.2/2000/46"))
DURBAN = ("date_range", "from 31 August to 8 September 2001", DateRange(D(2001, 8, 31), D(2001, 9, 8)))
REVIEW = ("date_range", "from 20 to 24 April 2009", DateRange(D(2009, 4, 20), D(2009, 4, 24)))
MILLENNIUM = ("date", "8 September 2000", DateMention(D(2000, 9, 8)))
VIENNA = ("date", "25 June 1993", DateMention(D(1993, 6, 25)))
SUB_SESSION = ("session", "fifty-second session", SessionMention(52))


def ga(text, session, number, date):
    return ("resolution", text, rc("GA", GAResolution(session, number), date))


def hrc(text, session, number, date):
    return ("resolution", text, rc("HRC", HRCResolution(session, number), date))


def records(session, corr=False, chapter="II"):
    sym = DocumentSymbol(("A", str(session), "53"), corrigenda=("Corr.1",) if corr else ())
    value = OfficialRecords(body="GA", session=session, supplement="53", corrigendum=corr,
                            symbol=sym, chapter=chapter, section="A")
    return ("records", value.format(), value)


SEEDS = [
    ("A-RES-60-156.txt", [
        VIENNA, MILLENNIUM,
        ga("its resolution 59/187 of 20 December 2004", 59, 187, D(2004, 12, 20)),
        CHR_2005_54, CONF_157, ga("resolution 55/2", 55, 2, None), OR_ECOSOC, ADOPTION_2000_22,
        SUB_SESSION, ("session", "sixty-first session", SessionMention(61)),
        ("date", "16 December 2005", DateMention(D(2005, 12, 16))), JOINT,
    ]),
    ("A-RES-61-168.txt", [
        ("session", "Sixty-first session", SessionMention(61, "masthead")),
        ("symbol", "A/61/443/Add.2 and Corr.1", DocumentSymbol.parse("A/61/443/Add.2 and Corr.1")),
        ga("its resolution 60/156 of 16 December 2005", 60, 156, D(2005, 12, 16)),
        CHR_2005_54, DURBAN, CONF_157, OR_ECOSOC, ADOPTION_2000_22, SUB_SESSION, JOINT,
        ("session", "sixty-second session", SessionMention(62)),
    ]),
    ("A-RES-63-180.txt", [
        ("symbol", "A/63/430/Add.2", DocumentSymbol(("A", "63", "430", "Add.2"))),
        ga("its resolution 62/160 of 18 December 2007", 62, 160, D(2007, 12, 18)),
        hrc("Human Rights Council resolution 7/3 of 27 March 2008", 7, 3, D(2008, 3, 27)),
        records(63), ADOPTION_2000_22, ("session", "sixty-fourth session", SessionMention(64)),
    ]),
    ("A-RES-66-152.txt", [
        ga("its resolution 64/171 of 18 December 2009", 64, 171, D(2009, 12, 18)),
        hrc("Human Rights Council resolution 16/22 of 25 March 2011", 16, 22, D(2011, 3, 25)),
        DURBAN, REVIEW, records(66), ga("resolution 66/3", 66, 3, None), ADOPTION_2000_22,
        ("session", "sixty-seventh session", SessionMention(67)),
    ]),
    ("A-RES-68-160.txt", [
        ("date", "18 December 2013", DateMention(D(2013, 12, 18))),
        ("symbol", "A/68/456/Add.2", DocumentSymbol(("A", "68", "456", "Add.2"))),
        VIENNA, MILLENNIUM,
        ga("its resolution 67/169 of 20 December 2012", 67, 169, D(2012, 12, 20)),
        hrc("Human Rights Council resolution 19/33 of 23 March 2012", 19, 33, D(2012, 3, 23)),
        DURBAN, REVIEW, ADOPTION_2000_22, SUB_SESSION,
        ("session", "sixty-ninth session", SessionMention(69)),
        CONF_157, ga("Resolution 55/2", 55, 2, None), records(67, corr=True, chapter="III"),
        ga("Resolution 66/3", 66, 3, None), JOINT,
        ("symbol", "A/RES/68/160", DocumentSymbol(("A", "RES", "68", "160"))),
    ]),
]


def _squashed(found: list[Found]) -> list[tuple[str, str, object]]:
    return [(kind, " ".join(text.split()), value) for kind, text, value in summary(found)]


@pytest.mark.parametrize("name, expected", SEEDS, ids=[name for name, _ in SEEDS])
def test_find_citations_in_seed_editions(name, expected):
    found = _squashed(find_citations(clean(name)))
    missing = [e for e in expected if e not in found]
    assert not missing
    positions = [found.index(e) for e in expected]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", [name for name, _ in SEEDS])
def test_find_citations_on_raw_seed_never_raises(name):
    text = (CORPUS / name).read_text(encoding="utf-8")
    _check_invariants(text, find_citations(text))


# --- properties ------------------------------------------------------------------------------

sessions = st.integers(min_value=1, max_value=999)
numbers = st.integers(min_value=1, max_value=99999)
years = st.integers(min_value=1000, max_value=9999)
letters = st.sampled_from(["", "A", "B", "C"])
ga_resolutions = st.builds(GAResolution, sessions, numbers, letters)
dates = st.dates(min_value=D(1000, 1, 1), max_value=D(9997, 12, 31))


@given(ga_resolutions)
def test_ga_resolution_round_trip(res):
    assert GAResolution.parse(res.format()) == res
    assert GAResolution.parse(res.symbol()) == replace(res, part="")


@given(sessions, numbers, years)
def test_other_numbers_round_trip(session, number, year):
    for value in (GADecision(session, number), HRCResolution(session, number)):
        assert type(value).parse(value.format()) == value
    for value in (CHRResolution(year, number), SubCommissionResolution(year, number),
                  ECOSOCResolution(year, number)):
        assert type(value).parse(value.format()) == value
        assert type(value).parse(value.symbol()) == value
    assert HRCResolution.parse(HRCResolution(session, number).symbol()) == HRCResolution(session, number)


segments = st.one_of(
    st.from_regex(r"[A-Z][a-z]{0,3}\.[1-9][0-9]{0,2}", fullmatch=True),  # CN.4, Sub.2, Add.1
    st.from_regex(r"[1-9][0-9]{0,3}", fullmatch=True),
    st.sampled_from(["RES", "HRC", "CONF.157", "S-26", "Rev.1", "L.32", "PV.70"]),
)
document_symbols = st.builds(
    lambda body, first, rest, qualifier, corr: DocumentSymbol(
        (body, first, *rest), qualifier, tuple(f"Corr.{n}" for n in corr)
    ),
    st.sampled_from(["A", "E", "S", "ST", "UNEP"]),
    st.from_regex(r"[1-9][0-9]{0,3}", fullmatch=True),
    st.lists(segments, max_size=4),
    st.sampled_from([None, "Part I", "Part II", "XII", "XXVIII", "2000"]),
    st.lists(st.integers(min_value=1, max_value=9), max_size=2),
)


@given(document_symbols)
def test_document_symbol_round_trip(symbol):
    assert DocumentSymbol.parse(symbol.format()) == symbol
    assert parse_symbol(symbol.format()) == symbol


@given(st.lists(document_symbols.map(lambda s: replace(s, qualifier=None, corrigenda=())),
                min_size=2, max_size=3))
def test_joint_symbol_round_trip(symbols):
    joint = JointSymbol(tuple(symbols))
    assert JointSymbol.parse(joint.format()) == joint == parse_symbol(joint.format())


official_records = st.one_of(
    st.builds(
        lambda session, supp, corr, chapter, section: OfficialRecords(
            body="GA", session=session, supplement=supp, corrigendum=corr,
            symbol=DocumentSymbol(("A", str(session), "53"), corrigenda=("Corr.1",) if corr else ()),
            chapter=chapter, section=section),
        sessions, st.sampled_from(["53", "53A", "3", "40"]), st.booleans(),
        st.sampled_from([None, "I", "II", "III", "IV"]), st.sampled_from([None, "A", "B"]),
    ),
    st.builds(
        lambda year, corr: OfficialRecords(
            body="ECOSOC", year=year, supplement="3", corrigendum=corr,
            symbol=DocumentSymbol(("E", str(year), "23"), corrigenda=("Corr.1",) if corr else ()),
            chapter="II", section="A"),
        years, st.booleans(),
    ),
)


@given(official_records)
def test_official_records_round_trip(value):
    assert OfficialRecords.parse(value.format()) == value
    assert summary(find_citations(f"See {value.format()}.")) == [("records", value.format(), value)]


@given(sessions, st.sampled_from(["running", "masthead", "records"]))
def test_session_mention_round_trip(session, style):
    value = SessionMention(session, style)
    assert SessionMention.parse(value.format()) == value


@given(dates)
def test_date_mention_round_trip(date):
    assert DateMention.parse(DateMention(date).format()) == DateMention(date)


@given(dates, st.integers(min_value=0, max_value=800))
def test_date_range_round_trip(start, days):
    end = start + dt.timedelta(days=days)
    value = DateRange(start, end)
    assert DateRange.parse(value.format()) == value
    assert summary(find_citations(f"held {value.format()},")) == [("date_range", value.format(), value)]


citations = st.one_of(
    st.builds(lambda r: ResolutionCitation("GA", r), ga_resolutions),
    st.builds(lambda s, n: ResolutionCitation("HRC", HRCResolution(s, n)), sessions, numbers),
    st.builds(lambda y, n: ResolutionCitation("CHR", CHRResolution(y, n)), years, numbers),
    st.builds(lambda y, n: ResolutionCitation("SubCommission", SubCommissionResolution(y, n)), years, numbers),
    st.builds(lambda y, n: ResolutionCitation("ECOSOC", ECOSOCResolution(y, n)), years, numbers),
    st.builds(lambda y, n: ResolutionCitation("unknown", ResolutionNumber(f"{y}/{n}")), years, numbers),
).flatmap(lambda c: st.builds(lambda d: replace(c, date=d), st.one_of(st.none(), dates)))


@given(citations)
def test_resolution_citation_round_trip(citation):
    assert ResolutionCitation.parse(citation.format()) == citation
    found = find_citations(f"Recalling {citation.format()},")
    assert [(f.kind, f.text, f.value) for f in found] == [("resolution", citation.format(), citation)]


def _check_invariants(text: str, found: list[Found]) -> None:
    for f in found:
        assert text[f.start : f.end] == f.text
        for span in (f.number_span, f.date_span):
            if span:
                assert f.start <= span[0] < span[1] <= f.end
    assert [f.start for f in found] == sorted(f.start for f in found)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


@given(st.text())
def test_find_citations_never_raises(text):
    _check_invariants(text, find_citations(text))


pieces = st.sampled_from([
    "resolution", "resolutions", "its", " ", ", ", " and ", "\n", "\u00a0", "of", "(", ")",
    "68/160", "2000/22", "19/33", "1165 (XII)", "0/0", "31 February 2013", "18 December 2013",
    "from", "to", "20", "April", "2009", "Human Rights Council", "Subcommission", "by the",
    "sixty-first", "Session", "session", "A/RES/", "E/CN.4/", "and Corr.1", "Official Records of the General Assembly, ",
    "Supplement No. 53", "(A/67/53)", ", chap. III", ", sect. A", "Sixty-seventh Session, ", "-", "/",
])


@given(st.lists(pieces, max_size=30).map("".join))
def test_find_citations_never_raises_on_near_citations(text):
    _check_invariants(text, find_citations(text))
