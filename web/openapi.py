"""The OpenAPI 3 description of the JSON API (served at /api/openapi.json)."""

from __future__ import annotations

from assistant import __version__

ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    texts = {400: "输入有误", 404: "没有找到", 413: "请求过大", 415: "不是 JSON", 429: "请求过于频繁",
             503: "暂时无法写入数据"}
    return {str(code): {"description": texts[code], **_json(ERROR)} for code in codes}


CLAUSE_FIELDS = {
    "id": {"type": "string"}, "article": {"type": ["integer", "null"]},
    "paragraph": {"type": ["integer", "null"]}, "item": {"type": ["integer", "null"]},
    "label": {"type": "string"}, "citation": {"type": "string"}, "text": {"type": "string"},
}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error", "status"],
              "properties": {"error": {"type": "string"}, "status": {"type": "integer"},
                             "field": {"type": "string"}}},
    "Hit": {"type": "object", "required": [*CLAUSE_FIELDS, "highlight", "score"],
            "properties": {**CLAUSE_FIELDS, "highlight": {"type": "string"}, "score": {"type": "number"},
                           "document": {"type": "string"}, "kind": {"type": "string"},
                           "chapter": {"type": ["integer", "null"]}, "chapter_title": {"type": "string"},
                           "pinpoint": {"type": "boolean"}, "matches": {"type": "array"},
                           "article_id": {"type": ["string", "null"]}, "best_id": {"type": "string"},
                           "intro": {"type": "string"},
                           "asked": {"type": "string", "description": "when no shown text prints the query: "
                                     "the question people ask (a help-desk rule's example) that found it"}}},
    "SearchResult": {"type": "object", "required": ["query", "total", "hits", "suggestions"],
                     "properties": {"query": {"type": "string"}, "total": {"type": "integer"},
                                    "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                                    "suggestions": {"type": "array", "items": {"type": "string"}},
                                    "message": {"type": "string"}, "offset": {"type": "integer"}}},
    "Citation": {"type": "object", "required": list(CLAUSE_FIELDS), "properties": {**CLAUSE_FIELDS}},
    "Answer": {"type": "object",
               "required": ["question", "answered", "answer", "citations", "source", "rule", "confidence",
                            "suggestions"],
               "properties": {"question": {"type": "string"}, "answered": {"type": "boolean"},
                              "answer": {"type": "string"},
                              "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}},
                              "source": {"type": "string", "enum": ["rule", "search", "none"]},
                              "rule": {"type": ["string", "null"]}, "confidence": {"type": "number"},
                              "suggestions": {"type": "array", "items": {"type": "string"}},
                              "yes_no": {"type": ["string", "null"]}, "session": {"type": ["string", "null"]}}},
    "Clause": {"type": "object", "required": list(CLAUSE_FIELDS),
               "properties": {**CLAUSE_FIELDS, "url": {"type": "string"}, "kind": {"type": "string"}}},
    "Questionnaire": {"type": "object", "required": ["type", "questions"],
                      "properties": {"type": {"type": "string"}, "questions": {"type": "array"}}},
    "Assessment": {"type": "object",
                   "required": ["type", "date", "verdict", "conditions", "checklist", "next_steps"],
                   "properties": {"type": {"type": "string"}, "date": {"type": "string"},
                                  "verdict": {"type": "string"},
                                  "conditions": {"type": "array", "items": {
                                      "type": "object",
                                      "required": ["id", "article", "item", "label", "status", "reason"],
                                      "properties": {"status": {"type": "string",
                                                                "enum": ["met", "not_met", "to_verify"]}}}},
                                  "checklist": {"type": "array"}, "next_steps": {"type": "array"}}},
    "Status": {"type": "object", "required": ["title", "doc_number", "status", "fingerprint"],
               "properties": {"warnings": {"type": "array", "items": {"type": "string"}},
                              "storage": {"type": "object", "properties": {
                                  "writable": {"type": "boolean"},
                                  "warning": {"type": ["string", "null"]}}},
                              "database": {"type": "object", "properties": {
                                  "backend": {"type": "string", "enum": ["sqlite", "postgresql"]}}}}},
}


def _assess_body(types: list[str]) -> dict:
    return {"required": True, **_json({
        "type": "object", "required": ["type", "answers"],
        "properties": {"type": {"type": "string", "enum": types},
                       "answers": {"type": "object"},
                       "date": {"type": "string", "format": "date"}}})}


def openapi_document(types: list[str], subjects: list[str], title: str) -> dict:
    """The OpenAPI document; questionnaire types and subject tags are those of ``kb/``."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "绿色认定助手 API", "version": __version__,
                 "description": f"《{title}》条款检索、问答与申报自评。"},
        "paths": {
            "/api/search": {"get": {
                "summary": "检索条款", "operationId": "search",
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 200}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000}},
                    {"name": "chapter", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 99}},
                    {"name": "subject", "in": "query", "schema": {
                        "type": "string", "enum": subjects}},
                ],
                "responses": {"200": {"description": "检索结果",
                                      **_json({"$ref": "#/components/schemas/SearchResult"})},
                              **_errors(400, 429)}}},
            "/api/ask": {"post": {
                "summary": "咨询问答", "operationId": "ask",
                "requestBody": {"required": True, **_json({
                    "type": "object", "required": ["question"],
                    "properties": {"question": {"type": "string", "minLength": 1, "maxLength": 200},
                                   "session": {"type": "string", "pattern": "^(new|[A-Za-z0-9_-]{8,64})$",
                                               "description": "\"new\" 开始一段对话；之后用回答里的 session 追问。"
                                                              "未知的编号开始新对话"}}})},
                "responses": {"200": {"description": "回答", **_json({"$ref": "#/components/schemas/Answer"})},
                              **_errors(400, 413, 415, 429)}}},
            "/api/articles/{ref}": {"get": {
                "summary": "条款原文", "operationId": "article",
                "parameters": [{"name": "ref", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "条款", **_json({"$ref": "#/components/schemas/Clause"})},
                              **_errors(404)}}},
            "/api/questions/{type}": {"get": {
                "summary": "自评问卷", "operationId": "questions",
                "parameters": [{"name": "type", "in": "path", "required": True,
                                "schema": {"type": "string", "enum": types}}],
                "responses": {"200": {"description": "问卷",
                                      **_json({"$ref": "#/components/schemas/Questionnaire"})},
                              **_errors(404)}}},
            "/api/assess": {"post": {
                "summary": "申报自评", "operationId": "assess",
                "requestBody": _assess_body(types),
                "responses": {"200": {"description": "自评结果", **_json({"$ref": "#/components/schemas/Assessment"})},
                              **_errors(400, 413, 415)}}},
            "/api/assess/calendar": {"post": {
                "summary": "自评结果中尚未到期的期限（iCalendar 日历文件）", "operationId": "assessCalendar",
                "requestBody": _assess_body(types),
                "responses": {"200": {"description": "日历文件",
                                      "content": {"text/calendar": {"schema": {"type": "string"}}}},
                              **_errors(400, 413, 415)}}},
            "/api/status": {"get": {
                "summary": "办法与服务状态", "operationId": "status",
                "responses": {"200": {"description": "状态", **_json({"$ref": "#/components/schemas/Status"})}}}},
        },
        "components": {"schemas": SCHEMAS},
    }
