"""One shared corpus of hostile strings for every text path (storage, search, JSON, GUI, brief).

Import it from any test::

    from hostile_strings import HOSTILE, STORABLE, LONE_SURROGATES, HUGE

``HOSTILE`` maps a short name to a string. ``STORABLE`` is the subset that is valid Unicode
text (everything except lone surrogates), which every path must store and give back
unchanged. ``LONE_SURROGATES`` come from broken input (bad UTF-16, ``surrogateescape``): they
must be refused with a clear message, never stored half-way. ``HUGE`` holds 1 MB strings;
keep them out of slow paths (e.g. rendering every one in a PDF) with ``SMALL``.
"""

from __future__ import annotations

MARKUP: dict[str, str] = {
    "html_bold": "<b>bold</b> and <i>italic</i>",
    "html_img": '<img src="file:///etc/passwd" onerror="alert(1)">',
    "html_script": "<script>alert('x')</script>",
    "html_link": '<a href="https://example.invalid/">click</a>',
    "qt_rich_text": "<html><body><h1>Title</h1><p style='color:red'>red</p></body></html>",
    "unclosed_tag": "Suspect <John said x<y and a>b",
    "entity_amp": "AT&T &amp; Johnson & Johnson",
    "entities_mixed": "&lt;b&gt; &quot;x&quot; &#60;script&#62; &#x1F600; &nbsp; &bogus;",
    "reportlab_para": '<para><font name="Courier">x</font><br/></para>',
    "reportlab_tags": '<unichar name="x"/><seq/><onDraw name="x"/>',
    "xml_cdata": "<![CDATA[ ]]> <?xml version='1.0'?> <!-- comment -->",
    "markdown": "**bold** _it_ [link](http://x.invalid) `code` # heading",
    "sql_like": "'; DROP TABLE entities; -- \" OR 1=1 /* */",
    "fts_operators": 'AND OR NOT NEAR( "unbalanced * ^col: - < > ( )',
    "format_braces": "{0} {name} %s %d %(x)s {{}} $HOME ${x}",
    "backslashes": "C:\\Users\\x\\n\\t\\0 \\u0000 \\x00",
    "percent_url": "%00%0a%3Cscript%3E",
}

CONTROL: dict[str, str] = {
    "nul_inside": "before\x00after",
    "nul_only": "\x00",
    "c0_controls": "".join(chr(c) for c in range(1, 32)),
    "del_c1": "\x7f\x80\x85\x9f",
    "newlines_mixed": "line1\r\nline2\rline3\nline4\u2028line5\u2029line6\x0b\x0c",
    "tabs_spaces": "\t  leading and trailing  \t",
    "bell_escape": "\x07\x1b[31mred\x1b[0m",
    "zero_width": "zero\u200bwidth\u200cnon\u200djoiner\ufeffbom\u2060wj",
    "soft_hyphen": "in\u00advisible",
    "noncharacters": "\ufffe\uffff\U0001fffe\U0010ffff",
    "replacement": "\ufffd\ufffd",
    "private_use": "\ue000\U000f0000",
}

BIDI: dict[str, str] = {
    "rlo_override": "invoice\u202egpj.exe",
    "lro_pdf": "\u202dleft\u202c \u202bembed\u202c",
    "isolates": "\u2066a\u2067b\u2068c\u2069",
    "arabic": "شركة النفط الوطنية",
    "hebrew": "חברת הנפט",
    "mixed_rtl": "Director: محمد (CEO) of ACME مصر 2025",
    "rlm_lrm": "\u200f\u200eABC\u200f",
}

SCRIPTS: dict[str, str] = {
    "combining_stack": "Z" + "\u0351\u0352\u0353\u0354" * 25,
    "zalgo": "h̸̡̪̯ͨ͊̽̅̾̎Ȩ̬̩̾͛ͪ̈́̀́͘ ̶̧̨̱̹̭̯ͧ̾ͬC̷̙̲̝͖ͭ̏ͥͮ͟Oͮ͏̮̪̝͍",
    "decomposed": "Cafe\u0301 Mu\u0308ller",
    "precomposed": "Café Müller",
    "cjk_chinese": "中国稀土集团有限公司",
    "cjk_japanese": "東京都港区 カタカナ ひらがな",
    "cjk_korean": "삼성전자 주식회사",
    "cjk_ext_b": "\U00020000\U0002a6d6\U0002b740",
    "cyrillic": "Газпром Нефть",
    "greek_turkish": "ΣΊΣΥΦΟΣ İstanbul ıi",
    "devanagari": "भारतीय रिज़र्व बैंक",
    "thai": "ธนาคารแห่งประเทศไทย",
    "fullwidth": "ＡＴ＆Ｔ　＜ｂ＞",
    "ligatures": "ﬁnance ﬀ ǅ",
    "math_alnum": "\U0001d400\U0001d401\U0001d7ce",
}

EMOJI: dict[str, str] = {
    "emoji_basic": "😀🔥💣",
    "emoji_zwj_family": "👨\u200d👩\u200d👧\u200d👦",
    "emoji_flags": "🇬🇧🇺🇦🇨🇳",
    "emoji_skin_tone": "👍🏿👋🏼",
    "emoji_keycap": "1\ufe0f\u20e3#\ufe0f\u20e3",
    "non_bmp_mixed": "a😀b\U00010348c\U0001f9ffd",
    "old_italic": "\U00010300\U00010301",
}

HUGE: dict[str, str] = {
    "one_mb_ascii": "A" * 1_000_000,
    "one_mb_words": ("lorem ipsum dolor " * 60_000)[:1_000_000],
    "one_mb_cjk": "稀土" * 500_000,
    "one_mb_newlines": "\n" * 1_000_000,
    "one_mb_emoji": "😀" * 250_000,
}

LONE_SURROGATES: dict[str, str] = {
    "lone_high": "abc\ud800def",
    "lone_low": "abc\udc00def",
    "reversed_pair": "\udc00\ud800",
    "surrogateescape": b"caf\xe9".decode("utf-8", "surrogateescape"),
}

OTHER: dict[str, str] = {
    "empty": "",
    "single_space": " ",
    "only_whitespace": " \t\n\u00a0\u3000",
    "very_long_word": "x" * 10_000,
    "many_short_lines": "a\n" * 5_000,
    "quote_soup": "'\"`´‘’“”«»„",
    "path_traversal": "../../../../etc/passwd",
    "windows_reserved": "CON PRN AUX NUL COM1 LPT1",
    "json_like": '{"format": "casefile-package", "version": 1}',
    "uuid_like": "00000000-0000-0000-0000-000000000000",
}

HOSTILE: dict[str, str] = {
    **MARKUP,
    **CONTROL,
    **BIDI,
    **SCRIPTS,
    **EMOJI,
    **HUGE,
    **LONE_SURROGATES,
    **OTHER,
}

STORABLE: dict[str, str] = {k: v for k, v in HOSTILE.items() if k not in LONE_SURROGATES}
"""Valid Unicode strings: every path stores and returns them unchanged."""

SMALL: dict[str, str] = {k: v for k, v in STORABLE.items() if len(v) <= 20_000}
"""Storable strings short enough for slow paths (rendering, widgets)."""

NON_EMPTY: dict[str, str] = {k: v for k, v in STORABLE.items() if v.strip()}
"""Storable strings usable where a field must not be blank (names, titles, statements)."""

SMALL_NON_EMPTY: dict[str, str] = {k: v for k, v in SMALL.items() if v.strip()}


def ids(corpus: dict[str, str]) -> list[str]:
    """Names for ``pytest.mark.parametrize(ids=...)``."""
    return list(corpus)
