"""Chinese numerals as printed in regulations: 第一百二十条, 第7条, （十四）.

Only numbers that were extracted on purpose are converted; free text is never
rewritten wholesale (that is how 第三方 turns into 第3方).
"""

from __future__ import annotations

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10000}

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_to_int(text: str) -> int:
    """Convert a Chinese or Arabic numeral string to an int.

    >>> cn_to_int("一百二十"), cn_to_int("十七"), cn_to_int("二〇二四"), cn_to_int("17")
    (120, 17, 2024, 17)
    """
    text = text.strip().translate(FULLWIDTH_DIGITS)
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    if all(ch in DIGITS for ch in text):
        # Digit-by-digit form used in years: 二〇二四.
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    number = 0
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in UNITS:
            unit = UNITS[ch]
            if unit == 10000:
                section = (section + number) * unit
                total += section
                section = 0
            else:
                section += (number or 1) * unit
            number = 0
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + section + number


_CN_DIGITS = "零一二三四五六七八九"


def int_to_cn(value: int) -> str:
    """Write an int the way article numbers are printed (第一百零五条).

    >>> int_to_cn(17), int_to_cn(105), int_to_cn(110), int_to_cn(10)
    ('十七', '一百零五', '一百一十', '十')
    """
    if value < 0:
        raise ValueError("negative numeral")
    if value < 10:
        return _CN_DIGITS[value]
    if value < 20:
        return "十" + (_CN_DIGITS[value - 10] if value % 10 else "")
    parts = []
    units = [(1000, "千"), (100, "百"), (10, "十")]
    remaining = value
    pending_zero = False
    started = False
    for size, name in units:
        digit, remaining = divmod(remaining, size)
        if digit:
            if pending_zero:
                parts.append("零")
                pending_zero = False
            parts.append(_CN_DIGITS[digit] + name)
            started = True
        elif started:
            pending_zero = True
    if remaining:
        if pending_zero:
            parts.append("零")
        parts.append(_CN_DIGITS[remaining])
    if value >= 10000:
        raise ValueError("numeral too large")
    return "".join(parts)
