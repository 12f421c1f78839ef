"""Errors people read: JSON with a Vietnamese ``detail`` under /v1, a Vietnamese page elsewhere.

One set of handlers for the whole app, so a bad page number, a non-numeric id, a date that is no
date or a province nobody knows is refused the same way everywhere (never answered with "nothing
found" or with today in place of the date asked): /v1 keeps ``{"detail": "…"}`` (plus the
machine-readable ``errors`` of a validation failure); the dashboard renders ``error.html`` with
the status code (404, 422, 400 …) instead of raw JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from parsers.dates import BadDate
from parsers.provinces import UnknownProvince

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
TEMPLATES.env.autoescape = True

# Vietnamese titles of the statuses a reader can meet.
TITLES = {
    400: "Yêu cầu không hợp lệ",
    401: "Cần đăng nhập",
    403: "Không có quyền",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    409: "Xung đột dữ liệu",
    413: "Tệp quá lớn",
    415: "Loại tệp không được hỗ trợ",
    422: "Dữ liệu nhập không hợp lệ",
    429: "Quá nhiều yêu cầu",
}
# Starlette's default English details, said in Vietnamese.
_DEFAULT_DETAILS = {
    "Not Found": "Không có trang hoặc tài nguyên này.",
    "Method Not Allowed": "Địa chỉ này không nhận phương thức đó.",
    "Bad Request": "Yêu cầu không hợp lệ.",
}
_WHERE = {"query": "tham số", "path": "đường dẫn", "body": "nội dung", "header": "tiêu đề"}


def _field(loc: Sequence[Any]) -> str:
    where = _WHERE.get(str(loc[0]), "") if loc else ""
    name = ".".join(str(x) for x in loc[1:]) if len(loc) > 1 else ""
    return f"{where} «{name}»".strip() if name else where or "giá trị"


def _why(err: dict[str, Any]) -> str:
    """One validation error in Vietnamese ("phải ≥ 1", "phải là số nguyên" …)."""
    t = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if t == "value_error" and isinstance(ctx.get("error"), BadDate | UnknownProvince):
        return str(ctx["error"])
    if t == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, ")
    simple = {
        "missing": "là bắt buộc",
        "int_parsing": "phải là số nguyên",
        "int_from_float": "phải là số nguyên",
        "float_parsing": "phải là số",
        "bool_parsing": "phải là true hoặc false",
        "json_invalid": "không phải JSON hợp lệ",
        "model_attributes_type": "phải là một đối tượng JSON",
        "dict_type": "phải là một đối tượng JSON",
        "string_type": "phải là chuỗi ký tự",
    }
    if t in simple:
        return simple[t]
    if t.startswith("date") or t.startswith("datetime"):
        return "không phải là ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)"
    bounds = {
        "greater_than_equal": ("phải ≥ {}", "ge"),
        "greater_than": ("phải > {}", "gt"),
        "less_than_equal": ("phải ≤ {}", "le"),
        "less_than": ("phải < {}", "lt"),
        "string_too_long": ("dài quá {} ký tự", "max_length"),
        "string_too_short": ("phải có ít nhất {} ký tự", "min_length"),
        "string_pattern_mismatch": ("không đúng dạng {}", "pattern"),
        "literal_error": ("phải là một trong: {}", "expected"),
        "enum": ("phải là một trong: {}", "expected"),
    }
    if t in bounds:
        text, key = bounds[t]
        return text.format(ctx.get(key, ""))
    return str(err.get("msg", "không hợp lệ"))


def validation_message(
    errors: Sequence[dict[str, Any]], lead: str = "Dữ liệu nhập không hợp lệ"
) -> str:
    parts = []
    for e in errors[:5]:
        why = _why(e).rstrip(".")
        sep = ": " if e.get("type") == "value_error" else " "
        parts.append(f"{_field(e.get('loc', ()))}{sep}{why}")
    return f"{lead}: " + "; ".join(parts) + "."


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/v1") or path in ("/openapi.json", "/docs", "/redoc")


def _page(request: Request, status: int, message: str, **extra: Any) -> Response:
    return TEMPLATES.TemplateResponse(
        request,
        "error.html",
        {"status": status, "title": TITLES.get(status, "Lỗi"), "message": message, **extra},
        status_code=status,
    )


def respond(
    request: Request,
    status: int,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    """The error as JSON (/v1) or as the dashboard's Vietnamese page."""
    if is_api(request):
        body = {"detail": message, **jsonable_encoder(extra)}
        return JSONResponse(body, status_code=status, headers=headers)
    response = _page(request, status, message, **extra)
    if headers:
        response.headers.update(headers)
    return response


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    detail = _DEFAULT_DETAILS.get(detail, detail)
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return respond(request, exc.status_code, detail, headers=exc.headers)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    # On the dashboard a malformed id in the path names nothing: "not found", not "invalid".
    status = (
        404
        if not is_api(request) and errors and all(e.get("loc", ("",))[0] == "path" for e in errors)
        else 422
    )
    lead = "Địa chỉ không hợp lệ" if status == 404 else "Dữ liệu nhập không hợp lệ"
    message = validation_message(errors, lead)
    if is_api(request):
        safe = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in errors]
        return JSONResponse(
            {"detail": message, "errors": jsonable_encoder(safe)}, status_code=status
        )
    return _page(request, status, message)


async def _unknown_province(request: Request, exc: Exception) -> Response:
    """404: the province named is not one the registry knows (the request itself is well formed)."""
    assert isinstance(exc, UnknownProvince)
    if is_api(request):
        return respond(request, 404, str(exc), suggestions=list(exc.suggestions))
    links = [(s, str(request.url.include_query_params(province=s))) for s in exc.suggestions]
    return _page(request, 404, str(exc), links=links)


async def _bad_date(request: Request, exc: Exception) -> Response:
    return respond(request, 422, str(exc))


def install(app: FastAPI) -> None:
    """Register the handlers, and describe the 422 body as it is in the OpenAPI schema."""
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(UnknownProvince, _unknown_province)
    app.add_exception_handler(BadDate, _bad_date)

    default_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = default_openapi()
        schemas = schema.get("components", {}).get("schemas", {})
        if "HTTPValidationError" in schemas:
            schemas["HTTPValidationError"] = {
                "title": "HTTPValidationError",
                "type": "object",
                "required": ["detail"],
                "properties": {
                    "detail": {"type": "string", "description": "Vietnamese message"},
                    "errors": {
                        "type": "array",
                        "items": {"type": "object"},
                        "description": "each invalid field: type, loc, msg",
                    },
                    "suggestions": {"type": "array", "items": {"type": "string"}},
                },
            }
        # Any read may name something that does not exist (a row, a province): 404 with a Problem.
        for item in schema.get("paths", {}).values():
            for op in item.values():
                if isinstance(op, dict) and "responses" in op:
                    op["responses"].setdefault(
                        "404",
                        {
                            "description": "Not found (a row, or a province nobody knows)",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Problem"}
                                }
                            },
                        },
                    )
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
