"""Page "Soạn bài giảng": brief, timeline and quiz of a topic, previewed, trimmed and exported.

HTTP only (`ApiClient.post_json` / `post_for_file`): the page never opens a store. The trainer
picks a topic (typed, or one suggested from the corpus), narrows the documents and dates, previews
the material, unticks the lines to drop, and downloads DOCX or Markdown built by the API's
/export route — the same code as `tinhgon brief|timeline|quiz --out`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from ui.client import API, ApiClient, ApiError

KINDS = {"brief": "Tài liệu tóm tắt", "timeline": "Dòng thời gian", "quiz": "Câu hỏi ôn tập"}
FORMATS = {"docx": ("Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
           "md": ("Markdown (.md)", "text/markdown")}


def _options(client: ApiClient) -> dict[str, Any]:
    if "trainer_options" not in st.session_state:
        try:
            st.session_state.trainer_options = client.post_json(f"{API}/topics", {})
        except ApiError as exc:
            st.warning(f"Không lấy được gợi ý chủ đề: {exc}")
            return {"topics": [], "documents": []}
    return st.session_state.trainer_options


def _request(topic: str, sources: list[str], dates: tuple[date, date] | None, n: int | None) -> dict[str, Any]:
    """The JSON body of /brief, /timeline (n None) or /quiz."""
    body: dict[str, Any] = {"topic": topic}
    if n is not None:
        body["n"] = n
    filters: dict[str, Any] = {}
    if sources:
        filters["sources"] = sources
    if dates:
        filters["published_from"], filters["published_to"] = dates[0].isoformat(), dates[1].isoformat()
    if filters:
        body["filters"] = filters
    return body


def _source_line(citation: dict[str, Any]) -> str:
    when = f", {citation['published']}" if citation.get("published") else ""
    return f"{citation['title']}{when} — {citation['source']} [{citation['start']}–{citation['end']}]"


def _keep(item_id: str, label: str) -> bool:
    """A checkbox per line: unticked lines are left out of the export."""
    return st.checkbox(label, value=True, key=f"keep-{item_id}")


def _show_brief(data: dict[str, Any]) -> list[str]:
    dropped = []
    for section in data["sections"]:
        st.subheader(section["heading"])
        for point in section["points"]:
            if not _keep(point["id"], point["text"]):
                dropped.append(point["id"])
            st.caption(_source_line(point["citation"]))
    return dropped


def _show_timeline(data: dict[str, Any]) -> list[str]:
    dropped = []
    for event in data["events"]:
        if not _keep(event["id"], f"{event['date']} — {event['text']}"):
            dropped.append(event["id"])
        st.caption(_source_line(event["citation"]))
    return dropped


def _show_quiz(data: dict[str, Any]) -> list[str]:
    dropped = []
    for i, item in enumerate(data["items"], 1):
        if not _keep(item["id"], f"Câu {i} ({item['difficulty']}): {item['question']}"):
            dropped.append(item["id"])
        for letter, option in zip("ABCD", item["options"]):
            st.text(f"   {letter}. {option}")
        with st.expander("Đáp án"):
            st.text(item["explanation"])
            st.caption(_source_line(item["citation"]))
    return dropped


SHOW = {"brief": _show_brief, "timeline": _show_timeline, "quiz": _show_quiz}
ROUTE = {"brief": "brief", "timeline": "timeline", "quiz": "quiz"}


def render(client: ApiClient) -> None:
    st.header("Soạn bài giảng")
    options = _options(client)
    suggested = st.selectbox("Chủ đề gợi ý từ tài liệu", ["(tự nhập)", *options.get("topics", [])], key="trainer_suggested")
    typed = st.text_input("Chủ đề", key="trainer_topic", placeholder="ví dụ: mô hình bí thư kiêm chủ tịch UBND cấp xã")
    topic = typed.strip() or ("" if suggested == "(tự nhập)" else suggested)
    documents = options.get("documents", [])
    labels = {d["source"]: f"{d['title']} ({d.get('published') or 'không rõ ngày'})" for d in documents}
    sources = st.multiselect("Chỉ dùng các tài liệu", list(labels), format_func=lambda s: labels[s], key="trainer_sources")
    use_dates = st.checkbox("Lọc theo ngày đăng", key="trainer_use_dates")
    dates = None
    if use_dates:
        picked = st.date_input("Từ ngày – đến ngày", value=(date(2018, 1, 1), date.today()), key="trainer_dates")
        if isinstance(picked, tuple) and len(picked) == 2:
            dates = picked
    kind = st.radio("Nội dung", list(KINDS), format_func=KINDS.get, horizontal=True, key="trainer_kind")
    n = int(st.number_input("Số câu hỏi", min_value=1, max_value=30, value=10, key="trainer_n")) if kind == "quiz" else None
    body = _request(topic, sources, dates, n)
    if st.button("Xem trước", type="primary", disabled=not topic, key="trainer_preview"):
        try:
            st.session_state.trainer_result = {"kind": kind, "body": body, "data": client.post_json(f"{API}/{ROUTE[kind]}", body)}
        except ApiError as exc:
            st.session_state.trainer_result = None
            st.error(str(exc))
    result = st.session_state.get("trainer_result")
    if not result:
        return
    data = result["data"]
    if data.get("message"):
        st.info(data["message"])
    dropped = SHOW[result["kind"]](data)
    if data.get("sources"):
        with st.expander(f"Nguồn ({len(data['sources'])} tài liệu)"):
            for source in data["sources"]:
                st.text(f"{source['title']} ({source.get('published') or 'không rõ ngày'}) — {source['source']}")
    st.divider()
    fmt = st.radio("Định dạng", list(FORMATS), format_func=lambda f: FORMATS[f][0], horizontal=True, key="trainer_format")
    if st.button("Tạo tệp xuất", key="trainer_export"):
        request = {**result["body"], "kind": result["kind"], "format": fmt, "exclude": dropped}
        try:
            st.session_state.trainer_file = (client.post_for_file(f"{API}/export", request), fmt, result["kind"])
        except ApiError as exc:
            st.error(str(exc))
    exported = st.session_state.get("trainer_file")
    if exported:
        content, fmt_done, kind_done = exported
        st.download_button(
            f"Tải về {FORMATS[fmt_done][0]}", content, file_name=f"{kind_done}.{fmt_done}", mime=FORMATS[fmt_done][1],
            key="trainer_download",
        )
