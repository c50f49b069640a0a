"""The one JSON error envelope for every 4xx/5xx answer, and the request body size limit."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.errors import BadInputError, EventwireError, IngestError
from eventwire.serve.params import parameter_of

logger = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    413: "body_too_large", 415: "unsupported_media_type", 422: "invalid_request",
}


class ApiError(HTTPException):
    """An HTTP error with our own stable code (e.g. writes_disabled, read_only)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, message, headers)
        self.code = code


def error_response(status: int, code: str, message: str, parameter: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if parameter is not None:
        body["parameter"] = parameter
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in ("query", "path", "body", "header"))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        code = getattr(error, "code", None) or HTTP_CODES.get(error.status_code, "http_error")
        message = error.detail if isinstance(error.detail, str) else str(error.detail)
        if error.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        elif error.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(error.status_code, code, message, headers=getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        problems, first = [], None
        for problem in error.errors():
            where = _location(tuple(problem.get("loc", ())))
            first = first or where or None
            message = problem.get("msg", "invalid")
            problems.append(f"{where}: {message}" if where else message)
        return error_response(422, "invalid_request", "; ".join(problems) or "invalid request", parameter=first)

    @app.exception_handler(BadInputError)
    async def bad_input(request: Request, error: BadInputError) -> JSONResponse:
        return error_response(400, error.code, error.message, parameter=parameter_of(error))

    @app.exception_handler(IngestError)
    async def ingest_error(request: Request, error: IngestError) -> JSONResponse:
        return error_response(422, error.code, error.message)

    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, error: EventwireError) -> JSONResponse:
        logger.error("%s %s failed: %s", request.method, request.url.path, error.message)
        return error_response(500, error.code, error.message)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        logger.exception("%s %s crashed", request.method, request.url.path)
        return error_response(500, "internal_error", "internal server error (see the server log)")


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with a 413 envelope: by Content-Length when given, else
    while reading (a chunked body is cut off at the limit, never read whole into memory)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body is larger than {self.max_bytes} bytes (setting max_body_bytes)"
        too_large = error_response(413, "body_too_large", message)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes or declared < 0:
                    await too_large(scope, receive, send)
                    return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # An HTTPException: FastAPI passes it through its body reading to our handler.
                    raise ApiError(413, "body_too_large", message)
            return message

        await self.app(scope, counting_receive, send)
