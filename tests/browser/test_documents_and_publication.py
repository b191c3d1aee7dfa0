"""A case's documents and an LCSPR's publication in Chromium: Given/When/Then, axe on every page."""

from datetime import date

from tests.browser.conftest import check_page, signed_in, visit
from tests.documents import files


def given_i_am_signed_in_as(page, person):
    signed_in(page, person)


def when_i_attach(page, ref: str, tmp_path, name: str, content: bytes, kind: str, title: str = ""):
    visit(page, f"/notifications/{ref}/~/documents/add/", "Attach a document")
    page.check(f"input[name='kind'][value='{kind}']")
    if title:
        page.fill("#id_title", title)
    path = tmp_path / name
    path.write_bytes(content)
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Attach the document", exact=True).click()


def then_the_case_page_lists(page, ref: str, text: str):
    check_page(page, f"Notification {ref}")
    assert text in page.inner_text("#documents + *, main")


def then_i_see_the_error(page, message: str):
    check_page(page, "Error: Attach a document")
    assert message in page.inner_text(".govuk-error-summary")


def test_attaching_listing_and_downloading_a_document_and_a_refused_hostile_file(page, people, cases, tmp_path):
    ref = cases["A"].ref
    given_i_am_signed_in_as(page, people["alice"])
    when_i_attach(page, ref, tmp_path, "rapid review.pdf", files.pdf(), "rapid_review_report", "Rapid review report")
    then_the_case_page_lists(page, ref, "Rapid review report")

    # Downloading: an attachment, saved by the browser, never shown in the page.
    with page.expect_download() as download:
        page.locator("main a", has_text="Rapid review report").first.click()
    assert download.value.suggested_filename == "rapid review.pdf"
    assert open(download.value.path(), "rb").read() == files.pdf()

    # A renamed program is refused whole, with a message saying what it is.
    when_i_attach(page, ref, tmp_path, "minutes.pdf", files.windows_program(), "other")
    then_i_see_the_error(page, "is a program")
    from cspr.documents.models import CaseDocument

    assert CaseDocument.objects.count() == 1


def test_publishing_an_lcspr_into_the_repository_and_seeing_it_from_the_case(suggester, page, people, cases, tmp_path):
    from cspr.reviews import actions

    ref = cases["A"].ref
    review = cases["A"].practice_review
    actions.practice_review_send_final_report(
        actor=people["alice"], practice_review_id=review.pk, version=1, final_report_date=date(2020, 9, 1)
    )
    given_i_am_signed_in_as(page, people["alice"])
    when_i_attach(page, ref, tmp_path, "final report.pdf", files.pdf(), "lcspr_final_report", "Final report")

    # When alice publishes the review, naming the attached final report.
    visit(page, f"/notifications/{ref}/~/lcspr/published/", "The report has been published")
    page.fill("#id_title", "Child A: a local child safeguarding practice review")
    page.locator("main label", has_text="Final report (final report.pdf)").click()
    page.fill("#id_learning_summary", "Safe sleep advice was not revisited when the family moved.")
    page.fill("#id_outstanding_reason", "The milestones were tracked on paper before the service.")
    page.fill("#id_delay_reasons", "A criminal trial delayed publication.")  # today is after the due date
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Publish into the learning repository").click()

    # Then the review is in the repository, linked to its case, and the case links back to it.
    check_page(page, "Child A: a local child safeguarding practice review")
    assert "Safe sleep advice was not revisited" in page.inner_text("main")
    with page.expect_navigation():
        page.locator("main a", has_text=ref).first.click()
    check_page(page, f"Notification {ref}")
    assert "Child A: a local child safeguarding practice review" in page.inner_text("main")
