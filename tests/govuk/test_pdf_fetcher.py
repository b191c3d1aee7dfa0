"""WeasyPrint reads nothing a page names but `data:` URLs: a template that ever put a person's text
into a `src` or `url()` cannot make the server read its own files or reach the network."""

import base64
import http.server
import io
import logging
import re
import threading
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from cspr.govuk.pdf import html_document

CSPR = Path(__file__).resolve().parents[2] / "cspr"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def images_in(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return sum(
            len(list(page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=5))) for page in document
        )
    finally:
        document.close()


@pytest.fixture
def web_server():
    """A real server on 127.0.0.1 that serves a picture and remembers every request it had."""
    requests: list[str] = []
    picture = png()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(picture)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_a_page_naming_a_local_file_or_an_address_is_made_without_reading_either(tmp_path, web_server, caplog):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    address, requests = web_server
    page = (
        "<!DOCTYPE html><html lang='en-GB'><head><title>T</title>"
        f"<style>body {{ background: url('{secret.as_uri()}') }}</style></head><body>"
        f"<img src='{secret.as_uri()}' alt=''><img src='file:///etc/passwd' alt=''>"
        f"<img src='{address}/x.png' alt=''><img src='http://127.0.0.1:1/x' alt=''></body></html>"
    )
    with caplog.at_level(logging.WARNING, logger="cspr.render"):
        pdf = html_document(page).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert images_in(pdf) == 0  # neither the file's picture nor the server's is in it
    assert requests == []  # nothing reached the server
    refused = [r.getMessage() for r in caplog.records if r.name == "cspr.render"]
    assert any("refused to fetch file://" in line for line in refused), refused
    assert any("refused to fetch http://127.0.0.1 " in line for line in refused), refused
    assert not any("secret" in line or "passwd" in line for line in refused)  # the address's path is not logged


def test_a_picture_written_into_the_page_is_still_shown():
    data = base64.b64encode(png()).decode()
    page = f"<!DOCTYPE html><html><body><img src='data:image/png;base64,{data}' alt=''></body></html>"
    assert images_in(html_document(page).write_pdf()) == 1


def test_every_document_weasyprint_makes_goes_through_the_fetcher():
    # WeasyPrint's own HTML() reads any file or address a page names: only cspr/govuk/pdf.py may call it.
    callers = [
        str(path.relative_to(CSPR))
        for path in CSPR.rglob("*.py")
        if path.name != "pdf.py" or path.parent.name != "govuk"
        if re.search(r"\bHTML\(", path.read_text(encoding="utf-8")) and "weasyprint" in path.read_text(encoding="utf-8")
    ]
    assert callers == []
