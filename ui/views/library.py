"""The "Thư viện tài liệu" page: the indexed documents, search by title, upload, delete.

Writing needs the API key, typed once per session (never shown) or handed over by the server."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import render as fmt
from ui import state
from ui.client import ApiClient, ApiError
from ui.messages import UPLOAD_OUTCOME, friendly

UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm", "pdf", "docx", "jsonl"]
CONFIRM = "confirm_delete"
RESULTS = "upload_results"
NOTICE = "library_notice"


def save_key() -> None:
    st.session_state[state.API_KEY] = (st.session_state.get("api-key-input") or "").strip()


def key_box() -> str:
    """The password field of the API key; returns the key in use ('' when none)."""
    key = state.api_key()
    st.text_input(
        "Khóa API (cần để thêm hoặc xóa tài liệu)", value=key, type="password", key="api-key-input",
        on_change=save_key, help="Nhập một lần cho cả phiên làm việc; khóa không hiển thị lại.",
    )
    key = state.api_key()
    st.caption(":material/key: Đã có khóa API cho phiên này." if key else ":material/lock: Chưa có khóa API: chỉ xem được, chưa thêm/xóa được.")
    return key


def upload(client: ApiClient, key: str) -> None:
    st.subheader("Thêm tài liệu")
    counter = st.session_state.setdefault("uploader-counter", 0)
    files = st.file_uploader(
        "Chọn một hoặc nhiều tệp (.txt, .md, .html, .pdf, .docx, .jsonl)", type=UPLOAD_TYPES,
        accept_multiple_files=True, key=f"uploader-{counter}",
    )
    if st.button("Tải lên và thêm vào thư viện", disabled=not files, type="primary", key="upload"):
        if not key:
            st.error("Cần khóa API để thêm tài liệu: hãy nhập khóa ở ô phía trên.")
            return
        results: list[dict[str, Any]] = []
        progress = st.progress(0.0, text="Đang tải lên…")
        for number, file in enumerate(files or [], start=1):
            progress.progress((number - 1) / len(files), text=f"Đang xử lý {number}/{len(files)}: {file.name}")
            try:
                _, body = client.upload(file.name, file.getvalue(), api_key=key)
                results.extend(body["files"])
            except ApiError as exc:
                results.append({"filename": file.name, "status": "failed", "error": friendly(exc), "passages": 0})
        progress.progress(1.0, text="Xong.")
        st.session_state[RESULTS] = results
        st.session_state["uploader-counter"] = counter + 1
        state.refresh()
        st.rerun()
    show_results(st.session_state.get(RESULTS) or [])


def show_results(results: list[dict[str, Any]]) -> None:
    for result in results:
        line = f"{UPLOAD_OUTCOME.get(result['status'], result['status'])}: {result['filename']}"
        if result["status"] != "failed":
            line += f" — {result.get('passages', 0)} đoạn văn"
        if result.get("error"):
            line += f" — {result['error']}"
        if result["status"] == "failed":
            st.error(fmt.escape_label(line), icon=":material/error:")
        elif result["status"] == "unchanged":
            st.info(fmt.escape_label(line), icon=":material/check:")
        else:
            st.success(fmt.escape_label(line), icon=":material/check_circle:")


def delete(client: ApiClient, key: str, document: dict[str, Any]) -> None:
    if not key:
        st.error("Cần khóa API để xóa tài liệu: hãy nhập khóa ở ô phía trên.")
        return
    try:
        client.delete(document["doc_id"], api_key=key)
        st.session_state[NOTICE] = f"Đã xóa «{document.get('title') or document['source']}» khỏi thư viện."
    except ApiError as exc:
        st.session_state[NOTICE] = f"Không xóa được: {friendly(exc)}"
    st.session_state.pop(CONFIRM, None)
    state.refresh()
    st.rerun()


def document_row(client: ApiClient, key: str, number: int, document: dict[str, Any]) -> None:
    with st.container(border=True):
        title = document.get("title") or document["source"]
        st.markdown(f'<div class="tg-doc-title">{fmt.inert(title)}</div>', unsafe_allow_html=True)
        details = [fmt.format_date(document.get("published")) or "không rõ ngày", f"tệp {document['source']}"]
        if document.get("passages") is not None:
            details.append(f"{document['passages']} đoạn văn")
        if document.get("references"):
            details.append("dẫn chiếu " + ", ".join(document["references"]))
        if document.get("added"):
            details.append("thêm vào ngày " + fmt.format_date(document["added"][:10]))
        st.markdown(f'<div class="tg-meta">{fmt.inert(" · ".join(details))}</div>', unsafe_allow_html=True)
        if st.session_state.get(CONFIRM) == document["doc_id"]:
            st.warning(f"Xóa «{fmt.escape_label(title)}» khỏi thư viện? Việc này không hoàn tác được.")
            with st.container(horizontal=True):
                if st.button("Xóa hẳn", key=f"confirm-{number}", type="primary"):
                    delete(client, key, document)
                if st.button("Hủy", key=f"cancel-{number}"):
                    st.session_state.pop(CONFIRM, None)
                    st.rerun()
        elif st.button("Xóa", key=f"delete-{number}", type="tertiary", icon=":material/delete:"):
            st.session_state[CONFIRM] = document["doc_id"]
            st.rerun()


def listing(client: ApiClient, key: str) -> None:
    st.subheader("Tài liệu đã có")
    try:
        documents = state.documents(client, client.base_url)
    except ApiError as exc:
        st.error(friendly(exc))
        return
    wanted = fmt.fold(st.text_input("Tìm theo tiêu đề", key="library-search", placeholder="gõ không dấu cũng được"))
    shown = [d for d in documents if not wanted or wanted in fmt.fold(d.get("title") or d["source"])]
    st.caption(f"{len(shown)} / {len(documents)} tài liệu")
    for number, document in enumerate(shown):
        document_row(client, key, number, document)


def render(client: ApiClient) -> None:
    st.title("Thư viện tài liệu")
    if st.session_state.get(NOTICE):
        st.info(fmt.escape_label(st.session_state.pop(NOTICE)))
    key = key_box()
    upload(client, key)
    listing(client, key)
