"""The Nu HTML Checker as the journeys use it: every saved page read by one Java process,
and a failure that names the page, the line and the message."""

import pytest

from tests.e2e.conftest import HtmlPages

pytestmark = pytest.mark.e2e

PAGE = """<!DOCTYPE html>
<html lang="sv">
<head><title>Sida</title></head>
<body>
{}
</body>
</html>
"""


def test_valid_pages_give_no_errors(tmp_path):
    pages = HtmlPages(tmp_path)
    pages.save(
        PAGE.format('<time datetime="2026-12-07T10:00:00+01:00">7 dec</time>'), "http://s/", "t"
    )
    assert pages.validate() == []


def test_each_error_is_reported_by_page_line_and_message(tmp_path):
    pages = HtmlPages(tmp_path)
    pages.save(PAGE.format("<p>Hej</p>"), "http://s/start/", "tests/e2e/x.py::test_a")
    pages.save(
        PAGE.format(
            '<time datetime="2026-12-07T10:00:00.123456+01:00">7 dec</time>\n'
            '<input type="month" name="month" pattern="[0-9]{4}-[0-9]{2}" aria-label="Månad">'
        ),
        "http://s/programme/calendar/?month=2027-03",
        "tests/e2e/x.py::test_b",
    )
    errors = pages.validate()
    assert len(errors) == 2
    report = pages.report(errors)
    assert report.startswith("The Nu HTML Checker found 2 error(s) on 1 of the 2 pages")
    assert (
        "/programme/calendar/?month=2027-03 (0002-programme-calendar.html, "
        "shown by tests/e2e/x.py::test_b)"
    ) in report
    assert (
        "  line 5: Bad value “2026-12-07T10:00:00.123456+01:00” for attribute “datetime”" in report
    )
    assert "  line 6: Attribute “pattern” is only allowed when the input type is" in report
    assert "/start/" not in report
