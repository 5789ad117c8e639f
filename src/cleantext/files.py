"""Files for the command line: decoding, binary detection, atomic writes, walking.

Decoding
    UTF-8 (with or without a BOM) first, then UTF-16/UTF-32 with a BOM, then
    UTF-16 without a BOM when the NUL pattern says so, then a detected
    Chinese legacy encoding (GB18030, which covers GBK and GB2312, or Big5),
    and only if its text reads as Chinese: mostly CJK, ASCII and ordinary
    punctuation, almost no control or replacement characters, and Han
    characters that are mostly common ones.  Other languages' legacy
    encodings (Latin-1, EUC-KR, Shift-JIS, ...) are never guessed: such a
    file is refused until ``--encoding`` names its encoding.  Strict
    UTF-8 comes first on purpose: GBK bytes decode as valid UTF-8 only by rare
    accident, while the reverse (UTF-8 read as GBK) happens all the time.

Not text
    NUL bytes (outside UTF-16/32), or no encoding that yields plausible text,
    raise :class:`NotTextError`; the caller reports it and never rewrites
    such a file.

Writing
    :func:`atomic_write` writes a temporary file in the target's directory
    and renames it over the target, so an interrupted run leaves either the
    old or the new file, never half of one.  Symlinks are written through to
    their target (the link stays a link) and the target's permission bits are
    kept.  A file with several hard links keeps them: the new contents, once
    complete, are copied into it (:func:`install`).

Walking
    :func:`iter_inputs` expands directories into the text files under them
    (``*.txt`` and ``*.md`` unless told otherwise), in a stable, sorted order.
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .signals import held, mkstemp  # mkstemp: removed if a signal stops the run

#: Default ``--include`` globs.
DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt", "*.md")

#: Directories never walked into (version control, caches, environments);
#: the same list linters such as ruff skip by default.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "node_modules",
    "venv",
)

#: Candidate legacy encodings, tried before open detection.  GB18030 is a
#: superset of GBK and GB2312; Big5-HKSCS of Big5.
CHINESE_ENCODINGS: tuple[str, ...] = ("gb18030", "big5", "big5hkscs")

#: How much of a large input the detector looks at.
DETECT_SAMPLE = 1 << 20


class NotTextError(ValueError):
    """The bytes are not text in any encoding we can trust."""


@dataclass(frozen=True)
class Decoded:
    """Decoded input: the text and the codec name that decoded it."""

    text: str
    encoding: str


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible_char(ch: str) -> bool:
    o = ord(ch)
    if o < 0x80:
        return ch.isprintable() or ch in "\t\n\r\f\v"
    if 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF:
        return True  # CJK radicals, punctuation, kana, bopomofo, Han, compat Han
    if 0xFF00 <= o <= 0xFFEF or 0xFE30 <= o <= 0xFE4F:
        return True  # full-width forms, CJK compatibility forms
    if 0x2000 <= o <= 0x27BF:
        return True  # general punctuation, symbols, arrows, box drawing, shapes
    if 0xA0 <= o <= 0x24F:
        return unicodedata.category(ch)[0] in "LNPSZ"  # Latin-1 and Latin Extended
    return False


def plausible_text(text: str, *, min_ratio: float = 0.95) -> bool:
    """Does ``text`` read as (mostly Chinese or ASCII) text?

    Few control characters, no U+FFFD, and at least ``min_ratio`` of the
    characters in CJK, ASCII, Latin or common punctuation blocks.

    >>> plausible_text("近日，市统计局通过热线。")
    True
    >>> plausible_text("酗蔬\\x05\\x06狤\\x07")
    False
    """
    if not text:
        return True
    sample = text[:DETECT_SAMPLE]
    if "\ufffd" in sample or "\x00" in sample:
        return False
    good = sum(1 for ch in sample if _plausible_char(ch))
    controls = sum(1 for ch in sample if ord(ch) < 0x20 and ch not in "\t\n\r\f\v\x1a")
    return good >= min_ratio * len(sample) and controls <= len(sample) // 1000


def _utf16_without_bom(data: bytes) -> Decoded | None:
    # ASCII in UTF-16 puts a NUL in every other byte; the side tells the order.
    if len(data) % 2 or len(data) < 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        # Han code points ending in 00 (U+4E00) put a few NULs on the other side.
        if zeros >= half // 4 and zeros > 2 * other:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            if plausible_text(text):
                return Decoded(text, codec)
    return None


#: The commonest Han characters of the corpus (``tests/data/corpus`` and
#: ``seeds``): the 1,000 commonest simplified ones, their OpenCC ``s2t``
#: forms, the 500 commonest of the traditional corpus and their ``t2s``
#: forms.  In running Chinese text they are 75-95% of the Han characters
#: (technical or literary text with rare characters, about 60%); in Korean,
#: Japanese or Latin-1 bytes misread as GB18030 or Big5, under 40%.
_COMMON_HAN = frozenset(
    "一丁七万三上下不与专且世业东两严並个中丰临为主丽举久么义之乌乎乐九也习乡书乱乾亂了予争事二于云互五井亚些亞交亦产京亮亲人"
    "亿什仅今介仍从他代令以仪们件价任份企伊伍伐众优会伟传伤伦似但位低住体佔何余作你使來例供依便促保信修個們倒候倫值倾偉做停健"
    "傑備傳傷傾僅價儀億優元充先光克党入內全兩八公六共关兴兵其具典养兼内再写军农冠冬冲决况冷准凉减几出分切划列刘则创初別利别到"
    "制刺刻則前副創劃劉力办功加务动助努势勇動務勝勢勤包化北匯区医區十千升午半华协協单卖南博占卫印危即卷厂厄厅历压原去县参參又"
    "及友双反发取受变口古另只召可台史右号司吃各合吉同名后向否吨听启吳吴吸告员周命和品哈响員哲唯唱商問啓善喫單噸嚴四回因团园困"
    "围固国图圆國圍園圓圖團土在地场均坏坚坝型城域執培基堂堅堤報場塘境增壓壞壩士壮壯声处备复外多夜够夠大天太夫央失头奉奋奖套奮"
    "女她好如妇始委姜婦嫁子字存孙学孩孫學宁它守安完宗官定实审客宣室害家容宿密富察實寧審寫对导封射将將專對導小少尔尚尤就尺尼尽"
    "尾局层居屆届屋展属層屬山岛岭岸峡島峽嶺川州工左巨差己已巴币市布师希带師席帮帶常幕幣幫干平年并幸幹幾广庆序库应底府度座庫庭"
    "康廠廣廳延建开异弄式引张張強强归当彗形彭影彻往征径待很律後徑得從復徵德徹心必志忠快念怀态怕思急性总息患情惠想意感愿態慧慶"
    "懈應懷成我或战截戰戶户房所手才扑打托执扩扬批找承技把抓投抗护报担拉拓招择括拿持指按挥振捕捞损换据排採探接控推措提揚換握揮"
    "損搞摄撈播撲擇擔據擴攝支收改攻放政效敏敗教数整數文斗料斤断斯新斷方於施族旗无既日早旱时昌明易星映春昨是显時晓晚普景智暴曉"
    "更書曾最會月有朋服望朝期未本术朱机杂权李村束条来杨杭杰東板极构析林果枢某染查标树校样核根格案档桥條检森植楊業極榮構樂標樞"
    "模樣樹橋機檔檢權次欢款歡止正此步武歷歸死段母每毒比毛民气氣水永求汇汉汛江污決沉沒沙没河油治沿況法泛波注泽洁洋洪洲活派流测"
    "济浙浦海消涉涛涼淮深淹清減渠温測港游湖湾源準溫满滿演漢潔澤澳激濟濤灌灣火災灾点為烈烏热無焦然照熱營爭爲父爾片版牌牢物牵特"
    "牽状狀独献獎獨獲獻率王环现玲班珮現球理環生產用田由电界略異當疑疗病療發白百的益监盛盟盡監目盯直相盾省看真眼着督矛知短石研"
    "破础硬确確礎示礼社祕祝神福禮离秀私秋种科秘积称移程種稱稳穆積穩究空突窗立站章端竹第等答策筹签简算管節範簡籌籤米类粮精糧系"
    "紀約紅納級紛素紧細紹終組結給統經綜綠維綱網緊線編緩練縣總績繁織繞繼續红约级纪纲纳纷线练组细织终绍经结绕给统继绩续维综绿缓"
    "编缺网置署美羣群義習耀老考者而职联聚聞聯聲職聽肯育胜胡能臨自至致臺與興舉舟航般舰船艦良艰艱色节花苏若苦英范茶草荣药获華营"
    "萬落著葛蒙薄藤藥蘇虎處號蚊衆行術街衛衝补表被装裏補裝西要見規視親覺觀见观规视觉角解言計訊討訓託記訪設許訴診評詢試話該詳認"
    "誤說課調談論諾謀講證識警議護讀變讓计认讨让训议讯记讲许论设访证评识诉诊试话询该详误说诺读课调谈谋豐象豪負財貢貧貨貫責貴貸"
    "費貿賀資賣質購賽贊负贡财责败货质贫购贯贵贷贸费贺资赛赞走赴赶起超越趋趕趨足距跨路践踐身車軌軍較載輕輛輪輸轉车轨转轮轻载较"
    "辆输辦農边达迁过迈迎运近还这进远违连迫述退送适选逐途這通速造連進遇遊運遍過道達違遠適遵遷選避邁還邊邓那邦郑部都鄉鄧鄭醫采"
    "里重量金針鈞銀錢錦錯鍵鎮鏈针钧钱银链错锦键镇長长門開間關门问间闻队防阳阶阿附际陆陈降限陕陝院除险陳陸陽隊階随際障隨險难雄"
    "集雙雜離難雨雲雷電需露青非靠面革音響項順須預頒領頭題額願類顧顯项顺须顾颁预领题额風颱风飛飞食飯養餘饭首馬驗马验體高鬥魚魯"
    "鱼鲁鵬鹏麗麼黃黄點黨鼓齊齐龍龙"
)

#: A legacy Chinese decoding is accepted only if at least this share of its
#: Han characters are common ones, and there are at least two of them.
MIN_COMMON_SHARE = 0.5


def chinese_share(text: str) -> tuple[float, int]:
    """``(share of common characters among the Han ones, number of Han characters)``.

    >>> chinese_share("市统计局通过热线调查")
    (1.0, 10)
    >>> chinese_share("茄惫绢 咆胶飘涝聪促")[0] < 0.5  # Korean EUC-KR bytes read as GBK
    True
    """
    han = common = 0
    for ch in text:
        o = ord(ch)
        if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF:
            han += 1
            common += ch in _COMMON_HAN
    return (common / han if han else 0.0), han


def reads_as_chinese(text: str) -> bool:
    """Text that a legacy Chinese decoding may be trusted for.

    Plausible text (:func:`plausible_text`) with at least two Han characters,
    most of them common ones, so that other languages' bytes that happen to
    decode (Korean EUC-KR decodes as GBK into real but random characters)
    are not taken for Chinese.
    """
    share, han = chinese_share(text)
    return han >= 2 and share >= MIN_COMMON_SHARE and plausible_text(text)


def _decode_sample(sample: bytes, codec: str, cut: bool) -> str:
    # A sample cut from a larger input may end inside a character: an
    # incremental decoder keeps an incomplete sequence at the end back
    # instead of failing on it.
    if not cut:
        return sample.decode(codec)
    return codecs.getincrementaldecoder(codec)("strict").decode(sample, final=False)


def detect_encoding(data: bytes, *, complete: bool | None = None) -> str | None:
    """Name the legacy Chinese encoding of ``data``, if one is certain.

    Tries GB18030 (which covers GBK and GB2312), Big5 and Big5-HKSCS on a
    sample of at most :data:`DETECT_SAMPLE` bytes (a character cut at the
    sample's end is not held against it) and returns the one whose text
    reads as Chinese (:func:`reads_as_chinese`) with the most common
    characters, or ``None``.  ``complete=False`` says that ``data`` is the
    head of a longer input (it may end inside a character).  Other languages' legacy encodings are never
    guessed: they must be named (``--encoding``).
    """
    sample = data[:DETECT_SAMPLE]
    cut = len(data) > len(sample) if complete is None else not complete
    best: tuple[float, str] | None = None
    for codec in CHINESE_ENCODINGS:
        try:
            text = _decode_sample(sample, codec, cut)
        except UnicodeDecodeError:
            continue
        if reads_as_chinese(text):
            share = chinese_share(text)[0]
            if best is None or share > best[0]:
                best = (share, codec)
    return best[1] if best is not None else None


#: Encoding names as reports show them.
_LABELS = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8"}


def encoding_label(codec: str) -> str:
    """How a report names a codec: ``'GB18030'``, ``'UTF-8 with BOM'``, ``'UTF-16-LE'``."""
    return _LABELS.get(codec, codec.upper().replace("_", "-"))


def check_encoding(name: str) -> str:
    """The codec ``name`` stands for (its Python name), or ``ValueError``.

    >>> check_encoding("Latin1"), check_encoding("EUC_KR")
    ('iso8859-1', 'euc_kr')
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}") from None
    if not info._is_text_encoding:  # type: ignore[attr-defined]  (rot13, base64, ...)
        raise ValueError(f"not a text encoding: {name!r}")
    return info.name


#: Encodings tried, only to tell text in an encoding that may not be guessed
#: from binary data: never to decode it.
_OTHER_ENCODINGS: tuple[str, ...] = (
    "cp1252", "cp1250", "cp1251", "koi8-r", "cp1253", "cp1254", "cp1255", "cp1256",
    "cp1257", "cp1258", "cp874", "iso8859-2", "iso8859-5", "iso8859-7", "iso8859-8",
    "euc-kr", "cp949", "shift_jis", "cp932", "euc-jp", "gb18030", "big5hkscs",
)  # fmt: skip


def _reads_as_some_text(sample: bytes) -> bool:
    """Does ``sample`` decode, in some common encoding, into letters and spaces?"""
    sample = sample[: 1 << 16]  # enough to tell, and cheap on the refusal path
    for codec in _OTHER_ENCODINGS:
        try:
            text = codecs.getincrementaldecoder(codec)("strict").decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        if any(ch < " " and ch not in "\t\n\r\f\v" or "\x7f" <= ch <= "\x9f" for ch in text):
            continue
        visible = [ch for ch in text if not ch.isspace()]
        letters = sum(1 for ch in visible if ch.isalpha())
        if visible and letters >= 0.6 * len(visible):
            return True
    return False


def unknown_encoding(data: bytes) -> NotTextError:
    """The error for bytes whose encoding may not be guessed: text in another
    language's encoding (name it with ``--encoding``), or not text at all."""
    sample = data[:DETECT_SAMPLE]
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(sample, final=False)
        where, utf8_text = "", False
    except UnicodeDecodeError as exc:
        where = f" (byte {exc.start})"
        # UTF-8 text up to a damaged spot is text, not binary data.
        utf8_text = exc.start >= 64 and plausible_text(sample[: exc.start].decode("utf-8"))
    if not (utf8_text or _reads_as_some_text(sample)):
        return NotTextError("not a text file (no plausible text encoding)")
    return NotTextError(
        f"unknown encoding: not UTF-8{where}, nor Chinese text in GB18030 or Big5; "
        "name its encoding with --encoding"
    )


def _decode_as(data: bytes, codec: str) -> Decoded:
    if codec in ("utf-8", "utf_8") and data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise NotTextError(f"cannot decode as {codec} (byte {exc.start})") from None
    if "\x00" in text:
        raise NotTextError("not a text file (NUL bytes)")
    return Decoded(text, codec)


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode file contents; raise :class:`NotTextError` if they are not text.

    ``encoding`` (a codec name, ``--encoding``) decodes with that codec,
    strictly; without it the encoding is guessed only where it is certain:
    a BOM, valid UTF-8, UTF-16 by its NUL pattern, or a legacy Chinese
    encoding whose text reads as Chinese.

    >>> decode("近日".encode("utf-8")).text
    '近日'
    >>> decode(b"\\xef\\xbb\\xbf\\xe8\\xbf\\x91").encoding
    'utf-8-sig'
    >>> decode("市统计局通过热线调查".encode("gbk")).encoding
    'gb18030'
    >>> decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    cleantext.files.NotTextError: not a text file (NUL bytes)
    >>> decode("Le café".encode("latin-1"), "latin-1").text
    'Le café'
    """
    if encoding is not None:
        return _decode_as(data, encoding)
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if "\x00" in text:
                raise NotTextError("not a text file (NUL bytes)")
            return Decoded(text, "utf-8-sig")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break
            if "\x00" not in text:
                return Decoded(text, codec)
            break
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is not None:
            return guess
        raise NotTextError("not a text file (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    codec = detect_encoding(data)
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = None
        if text is not None and plausible_text(text):
            return Decoded(text, codec)
    raise unknown_encoding(data)


def encode(text: str) -> bytes:
    """Output bytes: always UTF-8, no BOM."""
    return text.encode("utf-8")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def resolve_target(path: str | os.PathLike) -> str:
    """The file a write to ``path`` should replace: symlinks are followed."""
    return os.path.realpath(path)


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Replace the contents of ``path`` with ``data``, atomically.

    A temporary file is written next to the (symlink-resolved) target and
    renamed over it.  The target's permission bits (and, where allowed, its
    owner) are kept; a new file gets the usual ``0o666 & ~umask``.  A
    read-only existing file is refused with :class:`PermissionError`, as an
    ordinary write would be.  On any failure the target is left as it was
    and the temporary file is removed.
    """
    target = resolve_target(path)
    directory = os.path.dirname(target) or "."
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(21, "not a regular file", target)
        if not os.access(target, os.W_OK):
            raise PermissionError(13, "Permission denied", target)
    fd, tmp = mkstemp(
        dir=directory, prefix="." + os.path.basename(target) + ".", suffix=".cleantext-tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(tmp):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        install(tmp, target, st)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def install(tmp: str, target: str, st: os.stat_result | None) -> None:
    """Put the complete file ``tmp`` in the place of ``target`` (``st``: its stat).

    Usually a rename, which is atomic.  A file with several hard links would
    lose them to a rename (the other names would keep the old contents), so
    there the new contents are copied into the file itself, as black and ruff
    write, but only once they are complete in ``tmp``, with room for them
    reserved first (a full disk fails before the file is touched), with
    SIGINT, SIGTERM and SIGHUP held until the copy is done, and with the old
    contents written back if a write fails all the same.  ``tmp`` is removed
    afterwards.  Only a crash of the machine or a ``kill -9`` during the copy
    could leave the file half-written; the complete new contents are then
    still in ``tmp``.
    """
    if st is None or st.st_nlink < 2:
        os.replace(tmp, target)
        return
    _copy_into(tmp, target, st.st_size)
    os.unlink(tmp)


def _copy_into(src: str, target: str, old_size: int) -> None:
    new_size = os.stat(src).st_size
    fd = os.open(target, os.O_RDWR)
    try:
        with open(target, "rb") as handle:
            old = handle.read()  # kept to undo a failed copy
        if new_size > old_size and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, old_size, new_size - old_size)
            except OSError as exc:
                os.ftruncate(fd, old_size)
                if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL):  # no reservation here
                    raise
        with held():
            try:
                with open(src, "rb") as source:
                    offset = 0
                    while True:
                        data = source.read(1 << 20)
                        if not data:
                            break
                        _pwrite_all(fd, data, offset)
                        offset += len(data)
                os.ftruncate(fd, new_size)
                os.fsync(fd)
            except OSError:
                _pwrite_all(fd, old, 0)
                os.ftruncate(fd, len(old))
                raise
    finally:
        os.close(fd)


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written


def _owner(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


class AtomicWriter:
    """Write a file in pieces, then commit it atomically (or abort).

    Used for streamed output: nothing is visible at ``path`` until
    :meth:`commit`; :meth:`abort` (or leaving the ``with`` block on an
    exception) removes the temporary file and leaves the target as it was.
    """

    def __init__(self, path: str | os.PathLike):
        self.target = resolve_target(path)
        try:
            self._stat: os.stat_result | None = os.stat(self.target)
        except FileNotFoundError:
            self._stat = None
        if self._stat is not None:
            if not stat.S_ISREG(self._stat.st_mode):
                raise IsADirectoryError(21, "not a regular file", self.target)
            if not os.access(self.target, os.W_OK):
                raise PermissionError(13, "Permission denied", self.target)
        fd, self.tmp = mkstemp(
            dir=os.path.dirname(self.target) or ".",
            prefix="." + os.path.basename(self.target) + ".",
            suffix=".cleantext-tmp",
        )
        self.handle = os.fdopen(fd, "wb")
        self._done = False

    def write(self, data: bytes) -> int:
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()

    def commit(self) -> None:
        self.handle.close()
        st = self._stat
        try:
            if st is not None:
                os.chmod(self.tmp, stat.S_IMODE(st.st_mode))
                if hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(self.tmp):
                    try:
                        os.chown(self.tmp, st.st_uid, st.st_gid)
                    except OSError:
                        pass
            else:
                os.chmod(self.tmp, 0o666 & ~_umask())
            install(self.tmp, self.target, st)
        except BaseException:
            self.abort()
            raise
        self._done = True

    def abort(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            self.handle.close()
        finally:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None or not self._done:
            self.abort()


# --------------------------------------------------------------------------
# Walking


@dataclass(frozen=True)
class Input:
    """One input file (or an error found while walking).

    ``path`` is the path to show and open; ``rel`` is its path relative to
    the walked directory (for ``-o`` mirroring), ``root`` the argument it
    came from; ``error`` is set for a path that could not be read or listed.
    """

    path: str
    rel: str
    root: str
    error: str | None = None


def _matches(patterns: Iterable[str], name: str, rel: str) -> bool:
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if "/" in pattern:
            if fnmatch.fnmatchcase(rel, pattern.lstrip("./")):
                return True
        elif fnmatch.fnmatchcase(name, pattern):
            return True
    return False


def describe_oserror(exc: OSError) -> str:
    """A short lower-case reason for an OSError ("permission denied")."""
    reason = exc.strerror or exc.__class__.__name__
    return reason[:1].lower() + reason[1:]


def iter_inputs(
    paths: Iterable[str],
    *,
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> Iterator[Input]:
    """Expand ``paths`` into input files, sorted within each directory.

    A file named on the command line is always an input (like black and
    ruff, the globs only filter what a directory walk finds).  ``exclude``
    globs prune directories and files; a glob without ``/`` matches a
    name, one with ``/`` the path relative to the walked directory.
    ``skip`` lists real paths never to walk into (the ``-o`` folder).
    ``-`` (standard input) is passed through.
    """
    include = tuple(include)
    exclude = tuple(DEFAULT_EXCLUDE) + tuple(exclude)
    skip_real = {os.path.realpath(s) for s in skip}
    for path in paths:
        if path == "-":
            yield Input("-", "-", "-")
            continue
        try:
            st = os.stat(path)
        except OSError as exc:
            reason = (
                "no such file or directory"
                if isinstance(exc, FileNotFoundError)
                else describe_oserror(exc)
            )
            yield Input(path, os.path.basename(path), path, reason)
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield Input(path, os.path.basename(path), path)
            continue
        yield from _walk(path, include, exclude, skip_real)


def _walk(root: str, include, exclude, skip_real) -> Iterator[Input]:
    def visit(directory: str, rel_dir: str) -> Iterator[Input]:
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Input(directory, rel_dir, root, describe_oserror(exc))
            return
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError:
                is_dir = is_file = False
            if is_dir:
                if _matches(exclude, entry.name, rel):
                    continue
                if os.path.realpath(entry.path) in skip_real:
                    continue
                yield from visit(entry.path, rel)
            elif is_file:
                if _matches(exclude, entry.name, rel) or not _matches(include, entry.name, rel):
                    continue
                yield Input(entry.path, rel, root)

    yield from visit(root, "")
