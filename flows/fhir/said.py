"""A record warning in two languages: the English line is the string itself (what the JSON
output, the text output and CDS cards carry, unchanged), and ``zh`` says it in Chinese for a
Chinese report or check page. Technical details (resource ids, codes, units, what a parser
said) stay as the record gives them."""

from __future__ import annotations


class Said(str):
    """An English warning line that also carries its Chinese wording."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Said:
        line = super().__new__(cls, en)
        line.zh = zh
        return line

    def __getnewargs__(self) -> tuple[str, str]:  # pickled across worker processes
        return str(self), self.zh

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else str(self)


def zh_label(facts: dict, name: str) -> str:
    """The Chinese label of fact ``name``, else the name."""
    fact = facts.get(name)
    return fact.label.get("zh") if fact is not None else name


def zh_value(facts: dict, name: str, value) -> str:
    """A raw value of fact ``name`` as a Chinese reader knows it (an allowed value's label,
    是/否), else as it is."""
    fact = facts.get(name)
    if fact is not None and fact.type == "enum":
        return next((v.label.get("zh") for v in fact.values if v.id == str(value)), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
