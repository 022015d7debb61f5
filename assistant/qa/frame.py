"""What a question asks, as an explicit frame (``ask --explain`` shows it).

The question proper is told apart from the caller's background (我们是…的企业，
去年…); a yes/no question is read for the verb it is asked with (需要, 能, 会,
是…), whether it is a tag question (…对吧？) or negated (不需要…吗？), and the
premise it carries: figures with units, bodies it names, overstating words (所有,
自动, 照样), leaving out a step (直接, 不经过), keeping something (还能, 保留).
Words are found on word boundaries of the segmentation, so 要 in 要求 or 能 in
能源 is no verb. The verdict is computed from this frame and the clause
(:mod:`.verdict`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from ..knowledge.cues import Cues, Verb
from .figures import figures
from .understanding import Analysis

_BREAK = re.compile(r"[，,。；;！!？?\s]+")
_QUESTION = re.compile(r"[吗么嘛呢]$|是否|能否|可否|([\u4e00-\u9fff])[不没]\1")
_DATE = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
_TRAILING = re.compile(r"[\s，,。；;！!？?～~…]+$")
_PARTICLES = ("吗", "么", "嘛", "呢", "啊", "呀", "了")
_FINAL_NEGATION = ("没有", "没得", "不呢", "没", "不", "否")  # 能申报不？ 有关系没有？ — asking, not negating
_A_NOT_A_FIRST = 0  # explicit A-not-A questions (是不是, 能不能) decide the verb before any other


@dataclass
class Frame:
    ask: str  # yesno | which_article | duration | when | who | list | consequence | howto | count | what
    main: str  # the question without the caller's background
    background: str = ""
    form: str = "plain"  # yes/no questions: plain | tag | negated
    verb: str | None = None  # may | can | need | will | have | is
    negated: bool = False  # the predicate is negated: 不需要…吗？ 没影响吧？ 是不是就没资格了？
    literal: bool = False  # a negation after 是 (是不是就没资格): the answer says whether the claim holds
    inner: str | None = None  # the verb under that negation (是不是就报不了 → can)
    claim: str = ""  # what a tag question asks to confirm, or the yes/no question's predicate
    quantifier: str | None = None
    automatic: str | None = None
    beyond: str | None = None
    skip: str | None = None
    sufficiency: str | None = None
    continuation: str | None = None
    impact: str | None = None
    figures: list[tuple[int, str]] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    jurisdiction: str = "chongqing"  # chongqing | elsewhere | national

    def to_dict(self) -> dict:
        data = asdict(self)
        data["figures"] = [f"{n}{u}" for n, u in self.figures]
        return data


@dataclass
class _Text:
    """The question's text with the words of its segmentation, to find cues on word boundaries."""

    text: str
    starts: set[int]
    ends: set[int]

    def find(self, word: str, start: int = 0, end: int | None = None) -> int:
        """The first occurrence of *word* in [start, end) that begins and ends on word boundaries."""
        end = len(self.text) if end is None else end
        at = self.text.find(word, start, end)
        while at != -1:
            if at in self.starts and at + len(word) in self.ends:
                return at
            at = self.text.find(word, at + 1, end)
        return -1


def _shortest_name(text: str, match: re.Match, words: _Text) -> str:
    """The name a body is called by, from the last word that starts before its ending (委, 局, 政府):
    没有经过市政府 → 市政府; 市发改委 → 发改委."""
    ending = match.end() - 1
    while ending > match.start() and text[ending - 1: match.end()] in _BODY_ENDINGS:
        ending -= 1
    start = max((s for s in words.starts if match.start() <= s < ending), default=match.start())
    return text[start:match.end()]


_BODY_ENDINGS = ("政府", "委员会", "办公室", "中心", "部门")


def _unnamed(name: str, cues: Cues) -> bool:
    """别的部门, 相关部门: a body's ending after words that name none."""
    ending = next((e for e in _BODY_ENDINGS if name.endswith(e)), name[-1:])
    head = name[: len(name) - len(ending)]
    return any(head.endswith(w) and len(head) - len(w) <= 1 for w in cues.unnamed_bodies) or not head


def read_frame(analysis: Analysis, cues: Cues, is_word: Callable[[str], bool] = lambda word: True) -> Frame:
    """The frame of *analysis*. *is_word* tells the words of the dictionary: a verb the segmenter glued
    to the next character into no word of it (能报, 要设) is still found, as is one after a negation
    (不能, 不会)."""
    text = analysis.text
    words = _Text(text, {a for a, _ in analysis.spans}, {b for _, b in analysis.spans})
    verb_words = sorted({w for v in cues.verbs for w in v.words}, key=len, reverse=True)
    for a, b in analysis.spans:
        token = text[a:b]
        for negator in ("不", "没", "未"):
            rest = token[len(negator):]
            head = next((w for w in verb_words if rest.startswith(w)), None) if token.startswith(negator) else None
            if head is not None:  # 不能, and 不能自己 (a word of the dictionary)
                words.starts.add(a + len(negator))
                words.ends.add(a + len(negator) + len(head))
        if not is_word(token):  # 能报, 要设, 厂能: two words the segmenter did not separate
            head = next((w for w in verb_words if token.startswith(w) and len(token) > len(w)), None)
            if head is not None:
                words.ends.add(a + len(head))
                words.starts.add(a + len(head))
            tail = next((w for w in verb_words if token.endswith(w) and len(token) > len(w)), None)
            if tail is not None:
                words.starts.add(b - len(tail))
                words.ends.add(b - len(tail))
    start = _question_start(text, cues)
    body = _TRAILING.sub("", text[start:])
    tag = next((t for t in sorted(cues.tags, key=len, reverse=True) if body.endswith(t)), None)
    yesno = "yesno" in analysis.intents or tag is not None
    frame = Frame(_ask_type(analysis, yesno), body, _TRAILING.sub("", text[:start]))
    frame.subjects = [s.id for s in analysis.subjects if s.id in analysis.concepts]
    frame.topics = sorted(analysis.concepts)
    frame.figures = sorted(figures(_DATE.sub("", body)))
    # 委 in 委托 is no body: a name ends where a word of the question ends (市发改委|会, not 委托).
    # 局|在 glued into 局在 (no word of the dictionary) still ends the name at 局.
    glued = {a + 1 for a, b in analysis.spans if b - a == 2 and not is_word(text[a:b])}
    names = [_shortest_name(text, m, words) for m in cues.organisation.finditer(text, start, start + len(body))
             if m.end() in words.ends or m.end() in glued]
    frame.organisations = [name for name in names if not _unnamed(name, cues)]
    for name, listed in (("quantifier", cues.quantifiers), ("automatic", cues.automatic), ("beyond", cues.beyond),
                         ("skip", cues.skips),
                         ("sufficiency", cues.sufficiency), ("continuation", cues.continuation),
                         ("impact", cues.impact)):
        setattr(frame, name, _first(body, listed))
    if frame.sufficiency and body[body.find(frame.sufficiency) + len(frame.sufficiency):][:1] in ("不", "没"):
        frame.sufficiency = None  # 就够不上: not 就够
    frame.jurisdiction = _jurisdiction(analysis)
    if not yesno:
        return frame
    end = start + len(body) - (len(tag) if tag else 0)
    end = _without_final_particles(text, start, end)
    end = start + len(_TRAILING.sub("", text[start:end]))
    frame.claim = text[start:end]
    if tag is not None:
        frame.form = "tag"
    verb, at = _verb(words, start, end, cues.verbs)
    frame.verb = verb.id if verb is not None else None
    blanked = _blank(analysis, text)
    if verb is not None:
        after = blanked[at[0] + at[1]: _clause_end(text, at[0], end)]
        frame.negated = _negation_before(blanked, at, cues.negators)
        if verb.id in ("can", "may") and any(after.startswith(n) for n in ("不", "没", "免")):
            frame.skip = frame.skip or blanked[at[0]: at[0] + at[1] + 1]  # 可以不参加吗？ leaving it out
        if not frame.negated and verb.id == "is" and any(n in blanked[at[0] + at[1]: end] for n in cues.negators):
            frame.negated = frame.literal = True  # 是不是就没资格了？ 是只看材料、不去现场的吗？
            if any(w in blanked[at[0] + at[1]: end] for w in cues.inabilities):
                frame.inner = "can"
    else:
        anchor = _first(frame.claim, [*cues.impact, *cues.continuation])
        if anchor is None:  # no predicate word: a negation belongs to the concept it stands before
            blanked = _blank_negated_concepts(analysis, blanked, cues.negators)
        scope = blanked[start:end]
        if anchor is not None:
            at_anchor = scope.find(anchor)
            scope = scope[max(scope.rfind("，", 0, at_anchor), 0): at_anchor + len(anchor)]
        else:
            scope = _BREAK.split(scope)[-1]
        frame.negated = any(n in scope for n in cues.negators)
    if frame.negated and frame.form == "plain":
        frame.form = "negated"
    return frame


def _BREAK_AT(text: str, start: int, at: int) -> int:
    """Where the clause that holds position *at* begins."""
    found = start
    for match in _BREAK.finditer(text, start, at):
        found = match.end()
    return found


_ADVERBS = "就也都还并可再又是"


def _negation_before(text: str, at: tuple[int, int], negators: list[str]) -> bool:
    """A negation that is part of the verb (不需要, 不会) or stands right before it, with at most two
    adverbs between (就不能, 也不用): 没有政府批准能报吗 negates the approval, not 能."""
    start, size = at
    verb = text[start: start + size]
    if any(verb.startswith(n) for n in negators):
        return True
    for negator in negators:
        for gap in range(0, 3):
            end = start - gap
            if end - len(negator) >= 0 and text[end - len(negator): end] == negator \
                    and all(ch in _ADVERBS for ch in text[end:start]):
                return True
    return False


def _clause_end(text: str, at: int, end: int) -> int:
    match = _BREAK.search(text, at, end)
    return match.start() if match else end


def _question_start(text: str, cues: Cues) -> int:
    """Where the question proper begins: after leading clauses that tell the caller's situation."""
    start = 0
    for match in _BREAK.finditer(text):
        clause = text[start: match.start()]
        if match.end() >= len(text) or not any(clause.startswith(w) for w in cues.background) \
                or _QUESTION.search(clause):
            break
        start = match.end()
    return start


def _without_final_particles(text: str, start: int, end: int) -> int:
    """The end of the claim before particles that only ask (吗, 呢, 能申报不, 有关系没有)."""
    changed = True
    while changed and end > start:
        changed = False
        for particle in (*_PARTICLES, *_FINAL_NEGATION):
            if text.endswith(particle, start, end) and end - len(particle) > start:
                end -= len(particle)
                changed = True
                break
    return end


def _first(text: str, words: list[str]) -> str | None:
    found = [(text.find(w), -len(w), w) for w in words if w in text]
    return min(found)[2] if found else None


def _ask_type(analysis: Analysis, yesno: bool) -> str:
    intents = analysis.intents
    for name in ("which_article", "count", "duration", "when", "who", "consequence", "howto", "list"):
        if name in intents and not (yesno and name in ("consequence", "list", "howto")):
            return name
    return "yesno" if yesno else "what"


def _verb(words: _Text, start: int, end: int, verbs: list[Verb]) -> tuple[Verb | None, tuple[int, int]]:
    """The verb the question is asked with, on word boundaries: the first A-not-A question word (是不是,
    能不能) or verb of permission or prediction (可以, 能, 会); failing those the first of need (需要),
    then have, then is."""
    def a_not_a(word: str) -> bool:
        return (len(word) > 2 and word[1] in "不没" and word[0] == word[2]) or word in ("可不可以", "需不需要")

    def first(candidates: list[tuple[str, Verb]]) -> tuple[Verb, tuple[int, int]] | None:
        found = []
        for word, verb in candidates:
            at = words.find(word, start, end)
            if at != -1:
                found.append((at, -len(word), verb))
        if not found:
            return None
        at, size, verb = min(found, key=lambda f: (f[0], f[1]))
        return verb, (at, -size)

    pairs = [(word, verb) for verb in verbs for word in verb.words]
    groups = [[(w, v) for w, v in pairs if a_not_a(w) or v.id in ("may", "can", "will")],
              *[[(w, v) for w, v in pairs if v.id == name] for name in ("need", "have", "is")]]
    for group in groups:
        chosen = first(group)
        if chosen is not None:
            return chosen
    return None, (-1, 0)


def _blank(analysis: Analysis, text: str) -> str:
    """The text with A-not-A questions (能不能) and the question's concept words that hold a negation
    (不合格, 不足三年, 不想参加) blanked: their 不 negates nothing the question asks."""
    out = re.sub(r"([\u4e00-\u9fff]{1,2})[不没]\1", lambda m: "＿" * len(m.group(0)), text)
    for forms in analysis.concepts.values():
        for form in forms:
            if not form.startswith("(") and any(n in form for n in "不没未无非"):
                out = out.replace(form, "＿" * len(form))
    return out


def _blank_negated_concepts(analysis: Analysis, text: str, negators: list[str]) -> str:
    """Also blank a negation that belongs to a concept word close after it (要求近五年没出过事故: the
    没 is part of the requirement, not of the claim)."""
    out = list(text)
    for concept in analysis.negated:
        for form in analysis.concepts.get(concept, ()):
            at = analysis.text.find(form)
            if at == -1:
                continue
            window = analysis.text[max(0, at - 6): at]
            for negator in negators:
                found = window.rfind(negator)
                if found != -1:
                    begin = max(0, at - 6) + found
                    out[begin: at] = "＿" * (at - begin)
                    break
    return "".join(out)


def _jurisdiction(analysis: Analysis) -> str:
    concepts = analysis.concepts
    if "other_region" in concepts and "cq_place" not in concepts:
        return "elsewhere"
    return "chongqing"
