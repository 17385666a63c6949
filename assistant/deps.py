"""FastAPI dependencies: the settings, the heavy services (created lazily, once per app) and auth.

Routes never build a store or a model themselves; they ask for one here, so a test can point the
app at a store in `tmp_path` (through `Settings.data_dir`) or inject a fake assistant.
"""

from __future__ import annotations

import hmac
import logging
import threading
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.errors import InvalidRequestError
from assistant.feedback import FeedbackStore
from assistant.settings import Settings

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from vectorstore.retriever import HybridRetriever
    from vectorstore.store import PassageStore


class Services:
    """The app's long-lived objects, each built on first use and shared by every request.

    Building is guarded by one lock so two first requests never open the store twice; `write_lock`
    serialises index writes (uploads, deletes).
    """

    def __init__(self, settings: Settings, assistant: Any | None = None, store: "PassageStore | None" = None) -> None:
        self.settings = settings
        self._assistant = assistant
        self._store = store
        self._retriever: HybridRetriever | None = None
        self._feedback: FeedbackStore | None = None
        self._build_lock = threading.RLock()
        self.write_lock = threading.Lock()
        self._stop_embedding = threading.Event()
        self._embedding: threading.Thread | None = None

    @property
    def store(self) -> "PassageStore":
        with self._build_lock:
            if self._store is None:
                from assistant.factory import open_store

                self._store = open_store(self.settings)
            return self._store

    @property
    def retriever(self) -> "HybridRetriever":
        with self._build_lock:
            if self._retriever is None:
                from assistant.factory import make_retriever

                self._retriever = make_retriever(self.settings, self.store)
            return self._retriever

    @property
    def assistant(self) -> Any:
        with self._build_lock:
            if self._assistant is None:
                from assistant.factory import build_assistant

                self._assistant = build_assistant(self.settings, store=self.store, retriever=self.retriever)
            return self._assistant

    @property
    def feedback(self) -> FeedbackStore:
        with self._build_lock:
            if self._feedback is None:
                self._feedback = FeedbackStore.in_data_dir(self.settings.data_dir)
            return self._feedback

    def warm_up(self, embed_waiting: bool = True) -> None:
        """Open the store and build the chain now (used by `serve`, so the first request is fast),
        and (unless told not to) start embedding whatever still waits for vectors."""
        _ = self.assistant
        if embed_waiting:
            self.embed_waiting_in_background()

    def embed_waiting_in_background(self) -> bool:
        """Give vectors to passages indexed text first (`tinhgon ingest --text-only`), in a daemon
        thread: search and chat work meanwhile (by words, and by meaning where vectors exist)."""
        store = self.store
        if not hasattr(store, "embed_waiting") or store.waiting_for_vectors() == 0:
            return False

        def run() -> None:
            try:
                computed = store.embed_waiting(stop=self._stop_embedding)
                log.info("background embedding finished: %d vectors computed", computed)
            except Exception:  # the passages stay searchable by words; `tinhgon embed` retries
                log.exception("background embedding stopped")

        self._embedding = threading.Thread(target=run, name="embed-waiting", daemon=True)
        self._embedding.start()
        return True

    def close(self) -> None:
        self._stop_embedding.set()
        if self._embedding is not None:
            self._embedding.join(60)
        with self._build_lock:
            if self._store is not None and hasattr(self._store, "close"):
                self._store.close()
            self._store = None
            self._retriever = None


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

_bearer = HTTPBearer(auto_error=False, description="Needed by writing routes when TINHGON_API_KEY is set.")


def require_api_key(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let the request through when no key is configured, or when it carries the right bearer token."""
    expected = settings.api_key
    if not expected:
        return
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="This route needs 'Authorization: Bearer <TINHGON_API_KEY>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="The API key is wrong.")


ApiKeyDep = Depends(require_api_key)


def known_query_only(request: Request) -> None:
    """Refuse query parameters the route does not take ("?limt=5" is a typo, not a default)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {param.alias for param in _query_params(dependant)}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise InvalidRequestError(f"Invalid request — unknown query parameter(s): {', '.join(unknown)}")


def _query_params(dependant: Any) -> list[Any]:
    found = list(dependant.query_params)
    for sub in dependant.dependencies:
        found.extend(_query_params(sub))
    return found


KnownQueryDep = Depends(known_query_only)
