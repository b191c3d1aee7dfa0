"""The PDF and spreadsheet downloads are made once per register state and kept beside the figures
(cspr/stats/cache.py `cached_file`): a second download is the same bytes without WeasyPrint, and a
write to the register, another scope, the other report or demo data's notice makes a new file."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from weasyprint import HTML

from cspr.stats.render import ods
from tests.cases.rows import varied_file
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

YEAR_2020 = {"report": "panel-annual", "period": "2020"}


@pytest.fixture
def people(tmp_path):
    people = personas()
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(60, seed=7))
    call_command("import", str(path), stdout=io.StringIO())
    return people


def counted(monkeypatch, owner, name) -> list:
    """Each call of the real `owner.name`, which still does its work."""
    calls = []
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        calls.append(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def download(client, fmt, **more) -> bytes:
    response = client.get(reverse("statistics_download"), {**YEAR_2020, "format": fmt, **more})
    assert response.status_code == 200
    return response.content


def test_a_second_pdf_download_is_the_first_without_weasyprint(client, people, monkeypatch):
    pdfs = counted(monkeypatch, HTML, "write_pdf")
    client.force_login(people["sam"])
    first = download(client, "pdf")
    assert first.startswith(b"%PDF") and len(pdfs) == 1
    assert download(client, "pdf") == first
    client.force_login(people["ann"])  # the same scope: England's published figures
    assert download(client, "pdf") == first
    assert len(pdfs) == 1


def test_a_write_to_the_register_makes_the_next_pdf_again(client, people, monkeypatch, tmp_path):
    pdfs = counted(monkeypatch, HTML, "write_pdf")
    client.force_login(people["sam"])
    before = download(client, "pdf")
    path = tmp_path / "more.csv"
    path.write_bytes(varied_file(120, seed=7))  # the same 60 notifications and 60 more
    call_command("import", str(path), stdout=io.StringIO())
    after = download(client, "pdf")
    assert len(pdfs) == 2 and after != before
    assert download(client, "pdf") == after and len(pdfs) == 2


def test_each_scope_and_report_has_its_own_spreadsheet(client, people, monkeypatch):
    made = counted(monkeypatch, ods, "render_ods")
    client.force_login(people["sam"])
    england = download(client, "ods")
    client.force_login(people["alice"])  # a partnership manager: England's figures beside her own
    beside = download(client, "ods")
    own = download(client, "ods", figures="partnership")
    assert len(made) == 3 and len({england, beside, own}) == 3
    assert download(client, "ods") == beside and download(client, "ods", figures="partnership") == own
    assert len(made) == 3


def test_demo_datas_notice_is_a_new_file(client, people, monkeypatch, settings):
    made = counted(monkeypatch, ods, "render_ods")
    client.force_login(people["sam"])
    register = download(client, "ods")
    settings.DEMO_MODE = True
    demo = download(client, "ods")
    assert len(made) == 2 and demo != register
