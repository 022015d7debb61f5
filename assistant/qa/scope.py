"""Whether a question is about the measures at all: the concepts that anchor it
in them, another programme it names instead, or only words every service uses."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ..knowledge.concepts import Concept
from .matching import Candidate
from .understanding import Analysis

FOREIGN = "foreign"  # concept kind: another programme or service (高新技术企业认定, 社保)
CONTEXTLESS_KINDS = ("place", "period", FOREIGN)  # 重庆, 今年: they say nothing about what is asked
# A how-to question is about the programme when it names applying or being certified, or
# a step, body, benefit, sanction or document of the measures of its own (市里收到推荐后
# 怎么审, 摘牌了怎么办), not by a word every service uses (材料, 审查).
PROGRAMME = ("apply", "certify", "conditions")
PROCEDURAL = ("procedure", "body", "benefit", "sanction", "document")
CONTEXTLESS = ("definition", "duty", "principle", "failed", "according")  # ways of asking
GENERIC_MATCHES = 3  # concepts and intents a rule must match to claim a question without anchors


class Scope:
    def __init__(self, concepts: Mapping[str, Concept], weak: frozenset[str], stopwords: Collection[str]):
        self.concepts = concepts
        # A word other services use too is weak whichever concept it was found for
        # (安全生产事故 is weak for 工厂事故 and so for 事故, whose alias it also is).
        self.weak = weak
        self.stopwords = stopwords

    def anchors(self, analysis: Analysis) -> list[str]:
        """Concepts that place the question within the measures: an anchor concept
        named by one of its own words that no other service uses as well."""
        out = []
        for concept_id, forms in analysis.concepts.items():
            concept = self.concepts.get(concept_id)
            if concept is None or not concept.anchor:
                continue
            if any(not form.startswith("(") and form not in self.weak for form in forms):
                out.append(concept_id)
        return out

    def named(self, analysis: Analysis) -> list[str]:
        """Concepts the question names by a word of their own that is not weak (节能审查 names
        no step of the measures: 审查 is everyone's word)."""
        return [c for c, forms in analysis.concepts.items() if c in self.concepts
                and any(not f.startswith("(") and f not in self.weak for f in forms)]

    def has_context(self, analysis: Analysis) -> bool:
        """Something beyond weak words, places and times: who applies (企业, 园区), for what
        (申报, 认定, 称号), or a body of the measures."""
        for concept_id, forms in analysis.concepts.items():
            concept = self.concepts.get(concept_id)
            if concept is None or concept.kind in CONTEXTLESS_KINDS or concept_id in CONTEXTLESS:
                continue
            if any(not form.startswith("(") and form not in self.weak for form in forms):
                return True
        return False

    def foreign(self, analysis: Analysis) -> bool:
        """Another programme (高新技术企业认定, 工伤认定) and nothing that names ours."""
        foreign = [c for c in analysis.concepts if c in self.concepts and self.concepts[c].kind == FOREIGN]
        own = [c for c in analysis.concepts if c in self.concepts and self.concepts[c].kind == "subject"
               and self.concepts[c].anchor]
        return bool(foreign) and not own

    def in_domain(self, analysis: Analysis, best: Candidate | None = None) -> bool:
        anchors = self.anchors(analysis)
        # How to register a firm, deregister it, get a management system certified: the
        # measures make these conditions of applying, but doing them is another service's
        # procedure, unless the question is about applying or being certified.
        named = [self.concepts[c] for c in self.named(analysis)]
        programme = any(c.id in PROGRAMME or (c.anchor and c.kind in PROCEDURAL) for c in named)
        # 市里怎么审核申报资料: a step of ours in everyday words, and no condition to go and fulfil.
        step = any(c.kind in PROCEDURAL for c in named) and not any(
            self.concepts[c].anchor and self.concepts[c].kind == "condition"
            for c in analysis.concepts if c in self.concepts)
        errand = ("howto" in analysis.intents and "consequence" not in analysis.intents
                  and not programme and not step)
        if errand:
            anchors = [a for a in anchors if self.concepts[a].kind != "condition"]
        if anchors:
            return True
        if not analysis.concepts or errand:
            return False
        # What the best rule speaks to: through its trigger or its clause (~park: 第六条 names 园区).
        matched = {m.lstrip("~") for m in best.matched} if best is not None else set()
        if not self.has_context(analysis) and len(matched) < 2 and analysis.unknown:
            # One word other services use too (营业执照, 审查, 税) among words the measures do not
            # know: 营业执照丢了怎么补办. Alone (有哪些支持政策？) it asks about the measures.
            return False
        # Only generic words (申报, 认定, 补贴): in domain unless the question names a
        # topic of its own (新能源汽车补贴, 残疾人证) — or when a rule speaks to most of
        # the question (下一批认定什么时候) and such words are the fewer.
        if not analysis.topics:
            return True
        content = [w for w in analysis.words if w not in self.stopwords and len(w) > 1]
        return len(matched) >= GENERIC_MATCHES and len(analysis.topics) * 2 <= len(content)
