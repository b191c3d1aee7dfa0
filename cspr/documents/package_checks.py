"""Whether a DOCX or ODT can run a program or fetch anything when it is opened (cspr/documents/checks.py).

A Word or OpenDocument file is a zip of XML parts. What is refused, and why, is said beside each
rule below: macros, embedded objects and documents, anything loaded from outside the file, fields that
start a program or load a file, and links to anything but a website or an email address. Split from
checks.py, which decides the format and holds the PDF and text rules; nothing here touches the database.
"""

import html
import posixpath
import re
import urllib.parse

from cspr.core import files
from cspr.core.files import FileRefused

# --- DOCX and ODT ---------------------------------------------------------------------------------

# Macros in an OOXML package: the document's own, or a workbook's packaged inside it (under xl/).
_OOXML_MACROS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|(^|/)activeX/", re.I)
# OpenDocument keeps macros in Basic/ and Scripts/, in the document and in each object embedded in it
# ("Object 1/Basic/"), which is a whole document of its own.
_ODT_MACROS = re.compile(r"(^|/)(Basic|Scripts)/", re.I)
# OpenDocument runs a macro from an event (on opening, on a link) even when the macro is not in the
# file but in the reader's own office suite (CVE-2019-9848): an event listener or a script link is enough.
_ODT_SCRIPT_LINKS = re.compile(
    rb"<(?:[\w.-]+:)?event-listener\b|href\s*=\s*[\"']\s*(?:vnd\.sun\.star\.script|macro):", re.I
)
# An object or section an OpenDocument loads from outside the file when it is opened, as a DOCX's
# external object or sub-document does: the address is not one of the file's own parts ("./Object 1")
# but has a scheme (https:, file:, a drive letter), is absolute, or climbs out with "../".
_ODT_LOADED_FROM_OUTSIDE = re.compile(
    rb"""<(?:[\w.-]+:)?(?:object|object-ole|section-source)\b(?:[^>"']|"[^"]*"|'[^']*')*?"""
    rb"""\bhref\s*=\s*["']\s*(?:[a-z][\w+.-]*:|[\\/]|\.\.[\\/])""",
    re.I,
)
# An OLE compound file is what an embedded object, ActiveX control or legacy Office document is stored
# as; a zip inside the package is another document or spreadsheet (.xlsx, .xlsm, .docm), which can hold
# macros and links of its own. Both are found by their first bytes, whatever the part is called.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# Where Word and Excel keep what is embedded in a document, whatever it is.
_EMBEDDINGS = re.compile(r"^(?:word|xl)/embeddings/.", re.I)
# Word keeps the data behind each chart as a workbook tied to the chart by a "package" relationship.
# Every document with a chart has one, so it is accepted when it holds data only.
_CHART_RELS = re.compile(r"^word/charts/_rels/[^/]+\.rels$", re.I)
# What makes a chart's workbook more than data: links to other workbooks and DDE commands
# (externalLinks), and connections and queries that fetch data from elsewhere.
_WORKBOOK_LINKS = re.compile(r"^xl/(?:externalLinks/|connections\.xml$|queryTables/)", re.I)
# Quote-aware: an attribute's value may hold a ">", which must not end the element early.
_RELATIONSHIP = re.compile(rb"""<(?:[\w.-]+:)?Relationship\b((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Relationship kinds Word follows when it opens the document: an object or control (which runs a
# program), and a template, frame, sub-document or imported chunk fetched from a target outside the file
# (how remote-template attacks load macros, and CVE-2022-30190 loaded its script).
_EMBEDDED_OBJECTS = {"oleobject", "control", "activexcontrolbinary"}
_LOADED_FROM_OUTSIDE = {"attachedtemplate", "frame", "subdocument", "afchunk", "package"}
# Councils' own templates are recorded as a path on the author's machine, which loads nothing from
# anyone else; a web address, a network share (\\server) or a file:// host is refused.
_LOCAL_TEMPLATE = re.compile(r"^(?:file:///)?[a-z]:[\\/]", re.I)

_OLE_REFUSED = (
    "the {name} contains embedded objects (OLE or ActiveX), which can run programs when it is opened: "
    "save it without them ({extension}) or as a PDF, and attach that"
)
_PACKAGE_REFUSED = (
    "the {name} contains another document or spreadsheet embedded in it, which can carry macros or links "
    "that run when it is opened: save it without embedded objects ({extension}) or as a PDF, and attach that"
)
_OUTSIDE_REFUSED = (
    "the {name} loads {what} or other content from another location when it is opened, which can run "
    "programs: save it as a PDF, or copy its text into a new document, and attach that"
)


# Fields, which Word runs when it opens a document or updates its fields. A DDE field starts another
# program (DDEAUTO without asking first: the 2017 "DDE attacks"); INCLUDETEXT, INCLUDEPICTURE (and their
# old names INCLUDE and IMPORT), LINK and DATABASE load a file or a website, and a network path sends
# the reader's Windows password hash to whoever runs it. A field whose kind is itself the result of
# another field ({ {QUOTE 68 68 69} ... }) is how DDE is hidden from checks that read the words.
# A complex field's instruction is every instrText run between its begin and separate marks, joined, as
# Word joins them: "DD" in one run and "EAUTO" in the next are one DDEAUTO.
_FIELD_TOKEN = re.compile(
    rb"""<(?:[\w.-]+:)?fldChar\b(?:[^>"']|"[^"]*"|'[^']*')*?fldCharType\s*=\s*["'](begin|separate|end)["']"""
    rb"""|<(?:[\w.-]+:)?(?:del)?instrText\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?(?:del)?instrText\s*>)"""
    rb"""|<(?:[\w.-]+:)?fldSimple\b(?:[^>"']|"[^"]*"|'[^']*')*?\binstr\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.S,
)
_COMPUTED = "\0"  # a field nested in another's instruction: its result, so the words, are known only to Word
_DDE_FIELDS = {"DDE", "DDEAUTO"}
_LOADING_FIELDS = {"INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "IMPORT", "LINK", "DATABASE"}
# What a link may open: a website or an email. Anything else opens a file (a network share, a path,
# file:) or hands the address to a program (ms-msdt:, search-ms:, the schemes of CVE-2022-30190's kin).
_WEBSITE = re.compile(r"^\s*(?:https?|mailto):", re.I)
# A field's arguments: quoted, or a word.
_FIELD_ARGUMENT = re.compile(r'"([^"]*)"|(\S+)')
# OpenDocument's DDE links (a section, field or table fed by another program), its pictures, frames and
# plug-ins loaded from elsewhere (INCLUDEPICTURE's kin), and its links, each with its address.
_ODT_DDE = re.compile(rb"<(?:[\w.-]+:)?dde-(?:connection-decl|source|connection|link)\b", re.I)
_ODT_HREF = re.compile(
    rb"""<(?:[\w.-]+:)?(image|plugin|applet|floating-frame|a)\b(?:[^>"']|"[^"]*"|'[^']*')*?"""
    rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.I,
)
_FIX = "save the document as a PDF, and attach that"
_PARTS = {"document": "its text", "content": "its text", "header": "a header", "footer": "a footer"}


def _where(member: str) -> str:
    """The part a finding is in, in words and by name: "a header (word/header2.xml)"."""
    stem = re.sub(r"\d*\.xml(?:\.rels)?$", "", posixpath.basename(member).lower())
    return f"{_PARTS.get(stem, 'its ' + stem)} ({member.replace('_rels/', '').removesuffix('.rels')})"


def _fields(xml: bytes):
    """Each field's instruction, as Word reads it (nested fields in it stand as _COMPUTED)."""
    stack: list[list[str] | None] = []
    for kind, text, double, single in _FIELD_TOKEN.findall(xml):
        if kind == b"begin":
            if stack and stack[-1] is not None:
                stack[-1].append(_COMPUTED)
            stack.append([])
        elif kind and stack:  # separate or end: the instruction is complete
            if stack[-1] is not None:
                yield "".join(stack[-1])
            if kind == b"end":
                stack.pop()
            else:
                stack[-1] = None  # the field's shown result follows, not its instruction
        elif not kind and (double or single):
            yield _xml_text(double or single)
        elif not kind and stack and stack[-1] is not None:
            stack[-1].append(_xml_text(text))


def _xml_text(value: bytes) -> str:
    return html.unescape(value.decode("utf-8", "replace").replace("<![CDATA[", "").replace("]]>", ""))


def _check_fields(archive, names: list[str], words: dict[str, str]) -> None:
    for member in (m for m in names if m.lower().endswith(".xml") and not m.startswith("[")):
        for instruction in _fields(archive.read(member)):
            field = (instruction.split(maxsplit=1) or [""])[0].strip('"').upper()
            where = _where(member)
            if instruction.lstrip().startswith(_COMPUTED):
                raise FileRefused(
                    f"the {words['name']} contains a field in {where} whose kind is made from other fields, a way "
                    f"of hiding a DDE or INCLUDE field, which can run programs: remove it, or {_FIX}"
                )
            if field in _DDE_FIELDS:
                raise FileRefused(
                    f"the {words['name']} contains a {field} field in {where}, which starts another program when the "
                    f"document is opened or its fields are updated (a known way to run commands): remove it, or {_FIX}"
                )
            if field in _LOADING_FIELDS:
                article = "an" if field[0] in "AEIOU" else "a"
                raise FileRefused(
                    f"the {words['name']} contains {article} {field} field in {where}, which loads a file or website "
                    "when its fields are updated (a network path sends the reader's Windows password hash to whoever "
                    f"runs it): paste in what it shows instead, or {_FIX}"
                )
            if field == "HYPERLINK":
                address = _hyperlink_address(instruction)
                if address and not _WEBSITE.match(address):
                    raise FileRefused(_link_refused(words, where, address))


def _hyperlink_address(instruction: str) -> str:
    """A HYPERLINK field's address: its first argument that is not a switch (\\o) or a switch's value."""
    arguments = iter(_FIELD_ARGUMENT.findall(instruction)[1:])
    for quoted, bare in arguments:
        if not re.fullmatch(r"\\[a-z]", bare, re.I):
            return quoted or bare
        if bare.lower() in ("\\l", "\\o", "\\t"):  # these take a value: a bookmark here, a tip, a frame
            next(arguments, None)
    return ""


def _link_refused(words: dict[str, str], where: str, address: str) -> str:
    return (
        f"the {words['name']} contains a link in {where} that opens a file or a program, not a website "
        f"(‘{address[:80]}’): a link to a network share sends the reader's Windows password hash to whoever "
        f"runs it. Make it a link to a website (https://) or remove it, and attach the document again"
    )


def _loaded_refused(words: dict[str, str], where: str, what: str, address: str) -> str:
    advice = "insert the picture itself (not a link to it), or " if what.startswith("a picture") else ""
    return (
        f"the {words['name']} loads {what} from another location (‘{address[:80]}’) when it is opened, from "
        f"{where}: that tells whoever runs the location who opened it, and a network path sends the reader's "
        f"Windows password hash: {advice}{_FIX}"
    )


def _check_odt_links(archive, names: list[str], words: dict[str, str]) -> None:
    for member in (m for m in names if m.lower().endswith(".xml")):
        xml = archive.read(member)
        if _ODT_DDE.search(xml):
            raise FileRefused(
                f"the {words['name']} contains a DDE link in {_where(member)}, which starts another program when "
                f"the document is opened or its links are updated (a known way to run commands): {_FIX}"
            )
        for element, double, single in _ODT_HREF.findall(xml):
            address = html.unescape((double or single).decode("utf-8", "replace")).strip()
            if element.lower() == b"a":
                if address and not address.startswith("#") and not _WEBSITE.match(address):
                    raise FileRefused(_link_refused(words, _where(member), address))
            elif re.match(r"^(?:[a-z][\w+.-]*:|[\\/]|\.\.[\\/])", address, re.I):
                raise FileRefused(_loaded_refused(words, _where(member), "a picture or frame", address))


def check_package(data: bytes, *, odt: bool, words: dict[str, str], max_inflated: int) -> None:
    """Refuse (FileRefused) a DOCX or ODT that can run or fetch anything; `words` name its format."""
    archive = files.check_zip(data, what=words["name"], max_inflated=max_inflated)
    with archive:
        names = archive.namelist()
        if _odt_macros(archive, names) if odt else _ooxml_macros(archive, names):
            raise FileRefused(
                "the {name} contains macros, which can run programs when it is opened: save it as a "
                "document without macros ({extension}) or as a PDF, and attach that".format(**words)
            )
        charts = set() if odt else _chart_workbooks(archive, names)
        for member in names:
            embedded = None if member in charts else _embedded(archive, member)
            if embedded is not None:
                raise FileRefused(embedded.format(**words))
        if odt:
            if any(_ODT_LOADED_FROM_OUTSIDE.search(archive.read(m)) for m in names if m.lower().endswith(".xml")):
                raise FileRefused(_OUTSIDE_REFUSED.format(what="an object", **words))
            _check_odt_links(archive, names, words)
            return
        _check_relationships(archive, names, words)
        _check_fields(archive, names, words)
        for member in sorted(charts & set(names)):
            _check_chart_data(archive.read(member), words["name"], max_inflated)


def _ooxml_macros(archive, names: list[str]) -> bool:
    types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    return any(_OOXML_MACROS.search(member) for member in names) or b"macroEnabled" in types


def _odt_macros(archive, names: list[str]) -> bool:
    return any(_ODT_MACROS.search(member) for member in names) or any(
        _ODT_SCRIPT_LINKS.search(archive.read(member)) for member in names if member.lower().endswith(".xml")
    )


def _embedded(archive, member: str) -> str | None:
    """The refusal for a part that is an embedded object or package, or None."""
    if member.endswith("/"):  # a folder entry, as a repacking zip tool writes: nothing in it
        return None
    with archive.open(member) as part:
        start = part.read(len(_OLE_MAGIC))
    if start.startswith(_ZIP_MAGIC):
        return _PACKAGE_REFUSED
    if start == _OLE_MAGIC or _EMBEDDINGS.search(member):
        return _OLE_REFUSED
    return None


def _relationships(archive, member: str):
    """Each relationship in a .rels part: its kind (the type's last word), whether external, its target."""
    for match in _RELATIONSHIP.finditer(archive.read(member)):
        attributes = {
            key.decode("ascii", "replace").lower(): html.unescape((double or single).decode("utf-8", "replace"))
            for key, double, single in _ATTRIBUTE.findall(match[1])
        }
        kind = attributes.get("type", "").rsplit("/", 1)[-1].lower()
        external = attributes.get("targetmode", "").lower() == "external"
        yield kind, external, attributes.get("target", "").strip()


def _chart_workbooks(archive, names: list[str]) -> set[str]:
    """The parts that are charts' data: internal targets of a chart part's "package" relationships."""
    workbooks = set()
    for member in filter(_CHART_RELS.match, names):
        for kind, external, target in _relationships(archive, member):
            if kind == "package" and not external:
                target = urllib.parse.unquote(target)
                path = target[1:] if target.startswith("/") else posixpath.join("word/charts", target)
                workbooks.add(posixpath.normpath(path))
    return workbooks


def _check_relationships(archive, names: list[str], words: dict[str, str]) -> None:
    for member in names:
        if not member.lower().endswith(".rels"):
            continue
        for kind, external, target in _relationships(archive, member):
            if kind in _EMBEDDED_OBJECTS:
                raise FileRefused(_OLE_REFUSED.format(**words))
            if kind == "package" and not external and not _CHART_RELS.match(member):
                # A chart's workbook placed in the text as an object is opened, not charted.
                raise FileRefused(_PACKAGE_REFUSED.format(**words))
            if (
                external
                and kind in _LOADED_FROM_OUTSIDE
                and not (kind == "attachedtemplate" and _LOCAL_TEMPLATE.match(target))
            ):
                raise FileRefused(_OUTSIDE_REFUSED.format(what="a template", **words))
            if external and kind == "hyperlink" and not _WEBSITE.match(target):
                raise FileRefused(_link_refused(words, _where(member), target))
            if external and kind not in ("hyperlink", "attachedtemplate"):
                # A linked picture (INCLUDEPICTURE \d keeps one), a mail merge's data source: Word fetches it.
                what = "a picture" if kind == "image" else "content"
                raise FileRefused(_loaded_refused(words, _where(member), what, target))


def _check_chart_data(data: bytes, name: str, max_inflated: int) -> None:
    """A chart's workbook holds data only: Word opens it in Excel when the chart is edited."""
    archive = files.check_zip(data, what="chart's data", max_inflated=max_inflated)
    with archive:
        names = archive.namelist()
        relationships = [
            row for member in names if member.lower().endswith(".rels") for row in _relationships(archive, member)
        ]
        if _ooxml_macros(archive, names):
            reason = "macros"
        elif any(_embedded(archive, member) for member in names) or any(
            kind in _EMBEDDED_OBJECTS or kind == "package" for kind, _, _ in relationships
        ):
            reason = "embedded objects"
        elif any(_WORKBOOK_LINKS.search(member) for member in names) or any(
            external and kind != "hyperlink" for kind, external, _ in relationships
        ):
            reason = "links to other files or programs"
        else:
            return
    raise FileRefused(
        f"the data behind a chart in the {name} contains {reason}, which can run programs or fetch content "
        "from elsewhere when the chart is edited: paste the chart in as a picture, or save the document as a "
        "PDF, and attach that"
    )
