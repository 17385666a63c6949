"""The app in a real browser: Debian's chromium driven by Playwright against the live API and the
Streamlit app on 127.0.0.1, every other address blocked. Each step leaves a screenshot in
reports/browser/<test>/ (a failure names the folder)."""

from __future__ import annotations

import json
import re
from datetime import date

import httpx
import pytest

from browser_helpers import REPO, Steps, block_the_network, wait_idle

pytestmark = pytest.mark.slow

QUESTION = "Huyện Tháp Mười thực hiện mô hình Bí thư đồng thời là Chủ tịch UBND xã ở bao nhiêu xã?"
FILTER_QUESTION = "Kết quả thực hiện kiêm nhiệm chức danh như thế nào?"
UPLOAD_NAME = "to-cong-tac-hoa-binh-xanh.txt"
UPLOAD_TEXT = (
    "Xã Hòa Bình Xanh lập tổ công tác số hóa hồ sơ cán bộ\n\n"
    "Ngày 3/5/2024, Đảng ủy xã Hòa Bình Xanh thành lập tổ công tác số hóa hồ sơ cán bộ gồm 17 thành viên. "
    "Tổ công tác số hóa hồ sơ cán bộ do Phó Bí thư Đảng ủy xã làm tổ trưởng.\n"
)
UPLOAD_QUESTION = "Tổ công tác số hóa hồ sơ cán bộ của xã Hòa Bình Xanh có bao nhiêu thành viên?"
EVIL = "evil.example"
HOSTILE = {
    "id": "tai-lieu-doc-hai",
    "title": "![](http://evil.example/t.png)",
    "published": "2023-04-05",
    "text": (
        "Ban chỉ đạo Vân Khê Thượng gồm 9 thành viên, xem [link](http://evil.example) và "
        "![](http://evil.example/p.png) cùng **bold** <script>alert(1)</script> ngay trong câu này.\n\n"
        "Ban chỉ đạo Vân Khê Thượng họp mỗi quý một lần."
    ),
}
HOSTILE_QUESTION = "Ban chỉ đạo Vân Khê Thượng gồm bao nhiêu thành viên?"


@pytest.fixture
def ui(browser_stack, request):
    """A fresh browser context (its own Streamlit session), every non-127.0.0.1 request aborted."""
    context = browser_stack.browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    attempts: list[str] = []
    block_the_network(context, attempts)
    page = context.new_page()
    page.set_default_timeout(60_000)
    folder = REPO / "reports" / "browser" / request.node.name
    request.node.screenshot_folder = folder
    steps = Steps(page, folder)
    yield page, steps, attempts
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        steps.shot("failure", full_page=True)
    context.close()


def api_chat(stack, question: str, filters: dict | None = None) -> dict:
    body = {"question": question, **({"filters": filters} if filters else {})}
    response = httpx.post(f"{stack.api_url}/api/v1/chat", json=body, timeout=120, trust_env=False)
    assert response.status_code == 200, response.text
    return response.json()


def open_app(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=re.compile("Tinh Gọn|Thư viện tài liệu|Tìm kiếm")).first.wait_for()
    wait_idle(page)


def go_to(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNavLink"]', has_text=title).click()
    page.get_by_role("heading", name=title if title != "Hỏi đáp" else "Tinh Gọn").first.wait_for()
    wait_idle(page)


def set_date(page, label: str, day: date) -> None:
    """Type a day into a Streamlit date field (its segments take digits; leaving it commits)."""
    page.get_by_role("spinbutton", name=f"day, {label}").click()
    page.keyboard.type(day.strftime("%d%m%Y"), delay=30)
    page.keyboard.press("Escape")
    page.get_by_role("heading").first.click()
    wait_idle(page)


def ask(page, question: str):
    """Type a question, wait for the finished answer; returns the last assistant message."""
    messages = page.locator('[data-testid="stChatMessage"]')
    before = messages.count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    last = messages.nth(before + 1)
    last.locator(".tg-answer a.tg-marker, .tg-notfound, [data-testid='stAlert']").first.wait_for(timeout=120_000)
    wait_idle(page)
    return messages.nth(before + 1)


def test_ask_open_a_citation_by_its_marker_read_the_document_and_export_docx(browser_stack, ui):
    page, steps, attempts = ui
    expected = api_chat(browser_stack, QUESTION)
    first = expected["citations"][0]
    open_app(page, browser_stack.ui_url)
    page.locator(".st-key-example-1 button").wait_for()  # example questions from the index
    steps.shot("empty-conversation")

    answer = ask(page, QUESTION)
    if expected["short_answer"]:
        assert answer.locator(".tg-short").inner_text().endswith(expected["short_answer"])
    body = answer.locator("#tg-c-1-1 .tg-cite-body")
    assert not body.is_visible()
    steps.shot("answer", readme_name="chat.png")

    answer.locator(".tg-answer a.tg-marker", has_text="[1]").first.click()
    body.wait_for(state="visible")
    assert body.locator("mark").inner_text() == first["quote"]
    assert answer.locator("#tg-c-1-1 .tg-cite-head").inner_text() == f"[1] {first['title']}"  # the full title
    steps.shot("citation-opened", readme_name="citation.png")

    answer.get_by_role("button", name="Xem toàn văn").first.click()
    dialog = page.get_by_role("dialog")
    quote = dialog.locator("mark#tg-quote")
    quote.wait_for()
    assert quote.inner_text() == first["quote"]
    document = httpx.get(f"{browser_stack.api_url}/api/v1/documents/{first['doc_id']}", trust_env=False).json()
    assert document["text"][first["start"]:first["end"]] == first["quote"]
    page.wait_for_function(
        "() => { const r = document.getElementById('tg-quote').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )  # scrolled to the quote
    assert len(dialog.locator(".tg-document").inner_text()) > 0.9 * len(document["text"].replace("\n", ""))
    steps.shot("whole-document")
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")

    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("DOCX")).click()
    from docx import Document

    exported = Document(download.value.path())
    paragraphs = [p.text for p in exported.paragraphs]
    assert any(QUESTION in p for p in paragraphs)
    assert first["quote"] in paragraphs and any(first["title"] in p for p in paragraphs)
    assert attempts == []


def _dates(texts: list[str]) -> list[date]:
    found = []
    for text in texts:
        m = re.search(r"(\d{2})/(\d{2})/(\d{4})", text)
        assert m, f"no date in citation details {text!r}"
        found.append(date(int(m[3]), int(m[2]), int(m[1])))
    return found


def test_a_date_filter_keeps_only_matching_citations(browser_stack, ui):
    page, steps, _ = ui
    cutoff = date(2021, 1, 1)
    unfiltered = api_chat(browser_stack, FILTER_QUESTION)
    # unfiltered, a document from before the cutoff (or undated) is cited: the filter has work to do
    assert any((c["published"] or "") < cutoff.isoformat() for c in unfiltered["citations"]), "the filter would change nothing"
    open_app(page, browser_stack.ui_url)
    set_date(page, "Từ ngày", cutoff)
    page.get_by_text("Đang lọc: từ 01/01/2021").wait_for()
    answer = ask(page, FILTER_QUESTION)
    steps.shot("filtered-answer")
    assert "Đã lọc: từ 01/01/2021" in answer.inner_text()
    metas = answer.locator(".tg-cite .tg-meta").all_inner_texts()
    assert metas and all(d >= cutoff for d in _dates(metas))


def test_upload_ask_then_delete_and_see_a_refusal(browser_stack, ui, tmp_path):
    page, steps, _ = ui
    open_app(page, browser_stack.ui_url)
    go_to(page, "Thư viện tài liệu")
    key_field = page.get_by_label("Khóa API (cần để thêm hoặc xóa tài liệu)", exact=True)
    assert key_field.get_attribute("type") == "password"
    key_field.fill(browser_stack.api_key)
    key_field.press("Enter")
    page.get_by_text("Đã có khóa API cho phiên này").wait_for()
    assert browser_stack.api_key not in page.locator("body").inner_text()  # never echoed
    steps.shot("library", readme_name="library.png", full_page=True)

    path = tmp_path / UPLOAD_NAME
    path.write_text(UPLOAD_TEXT, encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và thêm vào thư viện").click()
    page.get_by_text(f"Đã thêm vào thư viện: {UPLOAD_NAME}").wait_for(timeout=120_000)
    steps.shot("uploaded")
    documents = httpx.get(f"{browser_stack.api_url}/api/v1/documents", trust_env=False).json()["documents"]
    uploaded = next(d for d in documents if d["source"] == UPLOAD_NAME)

    go_to(page, "Hỏi đáp")
    answer = ask(page, UPLOAD_QUESTION)
    steps.shot("asked-about-the-upload")
    assert "17" in answer.locator(".tg-answer").inner_text()
    assert f"[1] {uploaded['title']}" in answer.locator(".tg-cite-head").all_inner_texts()

    go_to(page, "Thư viện tài liệu")
    search = page.get_by_label("Tìm theo tiêu đề")
    search.fill("hoa binh xanh")
    search.press("Enter")
    wait_idle(page)
    page.get_by_text("1 / 6 tài liệu").wait_for()
    page.locator(".st-key-delete-0 button").click()
    page.get_by_role("button", name="Xóa hẳn").click()
    page.get_by_text("Đã xóa").wait_for()
    steps.shot("deleted")
    documents = httpx.get(f"{browser_stack.api_url}/api/v1/documents", trust_env=False).json()["documents"]
    assert UPLOAD_NAME not in {d["source"] for d in documents} and len(documents) == 5

    go_to(page, "Hỏi đáp")
    answer = ask(page, UPLOAD_QUESTION)
    steps.shot("refused-after-delete")
    assert answer.locator(".tg-notfound").count() == 1


def test_a_hostile_documents_citation_shows_no_link_no_image_and_the_exact_quote(browser_stack, ui):
    """Issue 9: a document's Markdown and HTML stay text in its citation and its whole view."""
    page, steps, attempts = ui
    evil_requests: list[str] = []
    page.on("request", lambda r: evil_requests.append(r.url) if EVIL in r.url else None)
    headers = {"Authorization": f"Bearer {browser_stack.api_key}"}
    files = {"files": ("doc-hai.jsonl", json.dumps(HOSTILE, ensure_ascii=False).encode("utf-8"))}
    upload = httpx.post(f"{browser_stack.api_url}/api/v1/documents", files=files, headers=headers, trust_env=False, timeout=120)
    assert upload.status_code == 201, upload.text
    try:
        expected = api_chat(browser_stack, HOSTILE_QUESTION)
        cited = next(c for c in expected["citations"] if c["doc_id"] == HOSTILE["id"])
        assert "[link](http://evil.example)" in cited["quote"]  # the quote itself is hostile
        open_app(page, browser_stack.ui_url)
        answer = ask(page, HOSTILE_QUESTION)
        n = cited["n"]
        answer.locator(".tg-answer a.tg-marker", has_text=f"[{n}]").first.click()
        body = answer.locator(f"#tg-c-1-{n} .tg-cite-body")
        body.wait_for(state="visible")
        steps.shot("hostile-citation")
        assert body.locator("mark").inner_text() == cited["quote"]
        assert answer.locator(f"#tg-c-1-{n} .tg-cite-head").inner_text() == f"[{n}] {HOSTILE['title']}"
        answer.get_by_role("button", name="Xem toàn văn").nth(n - 1).click()
        dialog = page.get_by_role("dialog")
        dialog.locator("mark#tg-quote").wait_for()
        assert dialog.locator("mark#tg-quote").inner_text() == cited["quote"]
        steps.shot("hostile-document")
        page.wait_for_timeout(500)
        assert page.locator(f'a[href*="{EVIL}"], img[src*="{EVIL}"], script:has-text("alert(1)")').count() == 0
        assert page.locator("strong", has_text="bold").count() == 0
        assert evil_requests == [] and not [a for a in attempts if EVIL in a]
    finally:
        httpx.delete(f"{browser_stack.api_url}/api/v1/documents/{HOSTILE['id']}", headers=headers, trust_env=False)


def test_docs_page_lists_every_operation_with_the_network_blocked(browser_stack, ui):
    page, steps, attempts = ui
    schema = httpx.get(f"{browser_stack.api_url}/openapi.json", trust_env=False).json()
    operations = sum(len(methods) for methods in schema["paths"].values())
    page.goto(f"{browser_stack.api_url}/docs")
    page.locator(".opblock").nth(operations - 1).wait_for()
    steps.shot("docs")
    assert page.locator(".opblock").count() == operations
    assert attempts == []  # nothing was fetched from anywhere but 127.0.0.1


def test_the_app_fits_a_390_px_phone(browser_stack):
    context = browser_stack.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    attempts: list[str] = []
    block_the_network(context, attempts)
    page = context.new_page()
    try:
        folder = REPO / "reports" / "browser" / "phone"
        steps = Steps(page, folder)
        for path in ("/thu-vien", "/tim-kiem", ""):
            open_app(page, browser_stack.ui_url + path)
            steps.shot(f"phone{path.replace('/', '-') or '-chat'}")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, f"{path or '/'} is {width} px wide on a 390 px screen"
        ask(page, QUESTION)
        steps.shot("phone-answer")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"an answer makes the chat {width} px wide on a 390 px screen"
        assert attempts == []
    finally:
        context.close()
