"""A scripted stand-in for Jet on httpx.MockTransport: per-route answers, recorded requests, injected failures."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import orjson

from jetcart.jet import JetClient

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class FakeJet:
    """Answers `POST /token` with a fresh token, and other routes from queued answers (default 204)."""

    def __init__(
        self, token_lifetime: timedelta = timedelta(hours=10), now: Callable[[], datetime] | None = None
    ):
        self.requests: list[httpx.Request] = []
        self.scripts: dict[tuple[str, str], deque[Answer]] = defaultdict(deque)
        self.defaults: dict[tuple[str, str], Answer] = {}
        self.tokens_issued = 0
        self.token_lifetime = token_lifetime
        self.now = now or (lambda: datetime.now(UTC))
        self.valid_tokens: set[str] = set()

    def script(self, method: str, path: str, *answers: Answer) -> None:
        self.scripts[(method, path)].extend(answers)

    def default(self, method: str, path: str, answer: Answer) -> None:
        self.defaults[(method, path)] = answer

    def calls(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.method, request.url.path)
        if key == ("POST", "/api/token") and not self.scripts.get(key):
            body = orjson.loads(request.content)
            if body.get("pass") != "s3cret-pass":
                return httpx.Response(400, json={"errors": ["Bad Request"]})
            self.tokens_issued += 1
            token = f"tok-{self.tokens_issued}"
            self.valid_tokens.add(token)
            expires = (self.now() + self.token_lifetime).strftime("%Y-%m-%dT%H:%M:%SZ")
            return httpx.Response(
                200, json={"id_token": token, "token_type": "Bearer", "expires_on": expires}
            )
        if key != ("POST", "/api/token") and request.url.host == "jet.test":
            auth = request.headers.get("authorization", "")
            if not auth.startswith("Bearer ") or auth.removeprefix("Bearer ") not in self.valid_tokens:
                return httpx.Response(
                    401, json={"Message": "Authorization has been denied for this request."}
                )
        queue = self.scripts.get(key)
        answer = queue.popleft() if queue else self.defaults.get(key, httpx.Response(204))
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return answer


def make_client(fake: FakeJet, **options) -> tuple[JetClient, list[float]]:
    sleeps: list[float] = []
    options.setdefault("rate_limits", None)
    client = JetClient(
        "https://jet.test/api",
        "api-user",
        "s3cret-pass",
        transport=httpx.MockTransport(fake),
        sleep=sleeps.append,
        **options,
    )
    return client, sleeps
