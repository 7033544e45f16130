"""CPR extraction fuzzed: arbitrary text never breaks it, it never yields an impossible CPR, it
finds a CPR amid any other text in every accepted form, and robot.privacy.mask_cpr hides every
CPR it finds (so a log line can never hold a CPR the robot recognised)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from robot.domain.cpr_extraction import cpr_shapes, find_line_cpr, mask_cprs
from robot.domain.identifiers import cpr_birth_date
from robot.privacy import mask_cpr
from tests.builders import make_line

TODAY = date(2026, 11, 23)
FAST = settings(max_examples=200, deadline=None)
# DDMMYY-SSSS, DDMMYYSSSS, DDMMYY SSSS and DD.MM.YY-SSSS: the forms the robot reads.
DOTTED = "{d[0]}{d[1]}.{d[2]}{d[3]}.{d[4]}{d[5]}"
FORMS = ("{d}-{s}", "{d}{s}", "{d} {s}", DOTTED + "-{s}")
# Forms the robot does not read but a person would still recognise: masked all the same.
MASKED_ONLY_FORMS = ("{d}\u00a0{s}", DOTTED + " {s}", DOTTED + "\u00a0{s}", DOTTED + "{s}")

# Text that looks like CPRs often: digits, the separators, and things around them.
NEAR_CPR = st.text(alphabet="0123456789 -\u00a0/§.CPRcpr:", max_size=40)
ANY_TEXT = st.one_of(st.text(max_size=60), NEAR_CPR)
NOT_DIGITS = st.text(
    alphabet=st.characters(exclude_categories=["Nd"], exclude_characters="0123456789"),
    max_size=30,
)


def valid_cprs(text: str) -> set[str]:
    """Every CPR-shaped string in the text whose first six digits are a date by the CPR rule."""
    return {shape for shape in cpr_shapes(text) if cpr_birth_date(shape) is not None}


@st.composite
def cprs(draw: st.DrawFn) -> tuple[str, date]:
    """A valid CPR (10 digits) and its birth date: the 7th digit fits the century rule."""
    born = draw(st.dates(min_value=date(1858, 1, 1), max_value=TODAY))
    ddmmyy = f"{born:%d%m}{born.year % 100:02d}"
    centuries = [d for d in "0123456789" if cpr_birth_date(f"{ddmmyy}{d}000") == born]
    seventh = draw(st.sampled_from(centuries))
    rest = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    return f"{ddmmyy}{seventh}{rest}", born


@FAST
@given(note=ANY_TEXT, name=ANY_TEXT, description=ANY_TEXT, buyer=ANY_TEXT)
@example(note="²²²²²²-²²²²", name="", description="", buyer="")
@example(note="CPR ０１０１９０-１２３４", name="", description="", buyer="")
def test_arbitrary_text_never_raises_and_never_yields_an_impossible_cpr(
    note: str, name: str, description: str, buyer: str
) -> None:
    line = make_line(note=note, item_name=name, item_description=description)
    finding = find_line_cpr(line, buyer_reference=buyer, today=TODAY)
    if finding.cpr is not None:
        assert len(finding.cpr) == 10
        assert finding.cpr.isascii()
        assert finding.cpr.isdigit()
        born = cpr_birth_date(finding.cpr)
        assert born is not None
        assert born <= TODAY
    for text in (note, name, description, buyer):
        cpr_birth_date(text)
        mask_cprs(text)
        mask_cpr(text)


@FAST
@given(cpr=cprs(), form=st.sampled_from(FORMS), before=NOT_DIGITS, after=NOT_DIGITS)
def test_a_cpr_amid_any_non_digit_text_is_found_in_each_written_form(
    cpr: tuple[str, date], form: str, before: str, after: str
) -> None:
    digits, _ = cpr
    written = form.format(d=digits[:6], s=digits[6:])
    line = make_line(note=f"{before}{written}{after}", item_name="", item_description="")
    finding = find_line_cpr(line, buyer_reference="", today=TODAY)
    assert finding.cpr == digits


@FAST
@given(cpr=cprs(), form=st.sampled_from(FORMS), before=NOT_DIGITS, after=NOT_DIGITS)
def test_a_cpr_only_in_the_buyer_reference_is_found_there(
    cpr: tuple[str, date], form: str, before: str, after: str
) -> None:
    digits, _ = cpr
    buyer = f"{before}{form.format(d=digits[:6], s=digits[6:])}{after}"
    line = make_line(note="", item_name="", item_description="")
    assert find_line_cpr(line, buyer_reference=buyer, today=TODAY).cpr == digits


@FAST
@example(parts=["CPR ０１０１９０-１２３４ / ", "٠١٠١٩٠١٢٣٤"])
@example(parts=["12.34.", "010190-1234"])
@given(
    parts=st.lists(
        st.one_of(ANY_TEXT, st.tuples(cprs(), st.sampled_from(FORMS))), min_size=1, max_size=6
    )
)
def test_mask_cpr_hides_every_cpr_the_extraction_finds(
    parts: list[str | tuple[tuple[str, date], str]],
) -> None:
    text = "".join(
        part if isinstance(part, str) else part[1].format(d=part[0][0][:6], s=part[0][0][6:])
        for part in parts
    )
    found = valid_cprs(text)
    masked = mask_cpr(text)
    assert not found & valid_cprs(masked)
    assert not found & valid_cprs(mask_cprs(text))
    finding = find_line_cpr(make_line(note=text), buyer_reference="", today=TODAY)
    if finding.cpr is not None:
        assert finding.cpr in found
        assert finding.cpr not in cpr_shapes(masked)


@FAST
@given(
    cpr=cprs(),
    form=st.sampled_from(FORMS + MASKED_ONLY_FORMS),
    before=NOT_DIGITS,
    after=NOT_DIGITS,
)
def test_masking_leaves_no_trace_of_the_cpr_digits_in_any_form_a_person_recognises(
    cpr: tuple[str, date], form: str, before: str, after: str
) -> None:
    digits, _ = cpr
    written = form.format(d=digits[:6], s=digits[6:])
    for masked in (mask_cpr(f"{before}{written}{after}"), mask_cprs(f"{before}{written}{after}")):
        assert written not in masked
        assert digits[:6] not in masked
        assert DOTTED.format(d=digits[:6]) not in masked
        assert digits[6:] not in masked.replace(before, "").replace(after, "")


@FAST
@given(cpr=cprs(), form=st.sampled_from(MASKED_ONLY_FORMS), before=NOT_DIGITS, after=NOT_DIGITS)
def test_a_form_only_masked_is_not_read_as_a_cpr(
    cpr: tuple[str, date], form: str, before: str, after: str
) -> None:
    """The dotted date without its dash may be a date and an amount: the robot reads no CPR."""
    digits, _ = cpr
    note = f"{before}{form.format(d=digits[:6], s=digits[6:])}{after}"
    line = make_line(note=note, item_name="", item_description="")
    assert find_line_cpr(line, buyer_reference="", today=TODAY).cpr is None


@FAST
@given(born=st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2057, 12, 31)))
def test_a_birth_date_after_today_is_never_a_cpr(born: date) -> None:
    ddmmyy = f"{born:%d%m}{born.year % 100:02d}"
    for seventh in "0123456789":
        digits = f"{ddmmyy}{seventh}123"
        if cpr_birth_date(digits) == born:
            line = make_line(note=f"CPR {digits}", item_name="", item_description="")
            assert find_line_cpr(line, buyer_reference="", today=TODAY).cpr is None
