//! `columns`: side-by-side columns read column by column, ported from the
//! Python module `cleantext.rules.columns` (the reference; its docstring says
//! what the rule repairs and what it must not touch).
//!
//! The port follows the Python functions one by one, with the same integer
//! arithmetic and tie-breaks.  Positions are counted in code points (Python's
//! string indices) and in display columns, where a code point whose
//! `unicodedata.east_asian_width` is `W` or `F` counts two: the table
//! [`WIDE`] was generated from Python's `unicodedata`, so a Python built on
//! another Unicode version may differ on code points that version changed.
//!
//! Nothing is left to Python: every input is handled.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::linewrap::chars::{is_han, is_py_space};
use super::{Options, RuleFn};

/// The rules of this family, by their registry names.
pub const RULES: &[(&str, RuleFn)] = &[("columns", columns)];

// The constants of the Python module, by the same names.
const CHAIN: i64 = 2;
const MIN_PITCH: i64 = 8;
const MAX_PASSES: usize = 3;
const MAX_STARTS: usize = 16;
const MAX_BLANK_GAP: usize = 2;
const MAX_SHIFT: i64 = 4;
const MIN_INDENT: i64 = 2;
const MIN_STRADDLE: usize = 3;
const MIN_WIDE_SHARE: i64 = 60;
const MIN_MEASURE: i64 = 16;
const MEASURE_RATIO: (i64, i64) = (5, 4);
const MAX_GAPPED_SHARE: i64 = 25;
const FULL_NUM: i64 = 7;
const FULL_DEN: i64 = 8;
const MIN_FULL_SHARE: i64 = 60;
const MAX_PUNCT_END_SHARE: i64 = 80;

/// `CLAUSE_END`
fn clause_end(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | ',' | '.' | ';' | ':' | '?' | '!'
    )
}

/// `SENTENCE_END`
fn sentence_end(c: char) -> bool {
    matches!(c, '。' | '？' | '！' | '”' | '」' | '』' | '）' | '…' | '.' | '?' | '!')
}

/// `TABLE_MARKS`: a tab, `|` or a box-drawing character.
fn table_mark(c: char) -> bool {
    matches!(c, '\t' | '|' | '\u{2500}'..='\u{257f}')
}

/// `CHARS` and `DISPLAY`: the index of a segment's start in its tuple.
const CHARS: usize = 0;
const DISPLAY: usize = 1;

/// Code points whose `unicodedata.east_asian_width` is `W` or `F` (Unicode
/// 14.0.0, Python's `unicodedata`), as inclusive ranges: 710 of them, from
/// `[cp for cp in range(0x110000) if unicodedata.east_asian_width(chr(cp)) in "WF"]`
/// (CPython reports unassigned code points such as U+0378 as `F`; so does this).
#[rustfmt::skip]
static WIDE: &[(u32, u32)] = &[
    (0x378, 0x379), (0x380, 0x383), (0x38B, 0x38B), (0x38D, 0x38D), (0x3A2, 0x3A2), (0x530, 0x530),
    (0x557, 0x558), (0x58B, 0x58C), (0x590, 0x590), (0x5C8, 0x5CF), (0x5EB, 0x5EE), (0x5F5, 0x5FF),
    (0x70E, 0x70E), (0x74B, 0x74C), (0x7B2, 0x7BF), (0x7FB, 0x7FC), (0x82E, 0x82F), (0x83F, 0x83F),
    (0x85C, 0x85D), (0x85F, 0x85F), (0x86B, 0x86F), (0x88F, 0x88F), (0x892, 0x897), (0x984, 0x984),
    (0x98D, 0x98E), (0x991, 0x992), (0x9A9, 0x9A9), (0x9B1, 0x9B1), (0x9B3, 0x9B5), (0x9BA, 0x9BB),
    (0x9C5, 0x9C6), (0x9C9, 0x9CA), (0x9CF, 0x9D6), (0x9D8, 0x9DB), (0x9DE, 0x9DE), (0x9E4, 0x9E5),
    (0x9FF, 0xA00), (0xA04, 0xA04), (0xA0B, 0xA0E), (0xA11, 0xA12), (0xA29, 0xA29), (0xA31, 0xA31),
    (0xA34, 0xA34), (0xA37, 0xA37), (0xA3A, 0xA3B), (0xA3D, 0xA3D), (0xA43, 0xA46), (0xA49, 0xA4A),
    (0xA4E, 0xA50), (0xA52, 0xA58), (0xA5D, 0xA5D), (0xA5F, 0xA65), (0xA77, 0xA80), (0xA84, 0xA84),
    (0xA8E, 0xA8E), (0xA92, 0xA92), (0xAA9, 0xAA9), (0xAB1, 0xAB1), (0xAB4, 0xAB4), (0xABA, 0xABB),
    (0xAC6, 0xAC6), (0xACA, 0xACA), (0xACE, 0xACF), (0xAD1, 0xADF), (0xAE4, 0xAE5), (0xAF2, 0xAF8),
    (0xB00, 0xB00), (0xB04, 0xB04), (0xB0D, 0xB0E), (0xB11, 0xB12), (0xB29, 0xB29), (0xB31, 0xB31),
    (0xB34, 0xB34), (0xB3A, 0xB3B), (0xB45, 0xB46), (0xB49, 0xB4A), (0xB4E, 0xB54), (0xB58, 0xB5B),
    (0xB5E, 0xB5E), (0xB64, 0xB65), (0xB78, 0xB81), (0xB84, 0xB84), (0xB8B, 0xB8D), (0xB91, 0xB91),
    (0xB96, 0xB98), (0xB9B, 0xB9B), (0xB9D, 0xB9D), (0xBA0, 0xBA2), (0xBA5, 0xBA7), (0xBAB, 0xBAD),
    (0xBBA, 0xBBD), (0xBC3, 0xBC5), (0xBC9, 0xBC9), (0xBCE, 0xBCF), (0xBD1, 0xBD6), (0xBD8, 0xBE5),
    (0xBFB, 0xBFF), (0xC0D, 0xC0D), (0xC11, 0xC11), (0xC29, 0xC29), (0xC3A, 0xC3B), (0xC45, 0xC45),
    (0xC49, 0xC49), (0xC4E, 0xC54), (0xC57, 0xC57), (0xC5B, 0xC5C), (0xC5E, 0xC5F), (0xC64, 0xC65),
    (0xC70, 0xC76), (0xC8D, 0xC8D), (0xC91, 0xC91), (0xCA9, 0xCA9), (0xCB4, 0xCB4), (0xCBA, 0xCBB),
    (0xCC5, 0xCC5), (0xCC9, 0xCC9), (0xCCE, 0xCD4), (0xCD7, 0xCDC), (0xCDF, 0xCDF), (0xCE4, 0xCE5),
    (0xCF0, 0xCF0), (0xCF3, 0xCFF), (0xD0D, 0xD0D), (0xD11, 0xD11), (0xD45, 0xD45), (0xD49, 0xD49),
    (0xD50, 0xD53), (0xD64, 0xD65), (0xD80, 0xD80), (0xD84, 0xD84), (0xD97, 0xD99), (0xDB2, 0xDB2),
    (0xDBC, 0xDBC), (0xDBE, 0xDBF), (0xDC7, 0xDC9), (0xDCB, 0xDCE), (0xDD5, 0xDD5), (0xDD7, 0xDD7),
    (0xDE0, 0xDE5), (0xDF0, 0xDF1), (0xDF5, 0xE00), (0xE3B, 0xE3E), (0xE5C, 0xE80), (0xE83, 0xE83),
    (0xE85, 0xE85), (0xE8B, 0xE8B), (0xEA4, 0xEA4), (0xEA6, 0xEA6), (0xEBE, 0xEBF), (0xEC5, 0xEC5),
    (0xEC7, 0xEC7), (0xECE, 0xECF), (0xEDA, 0xEDB), (0xEE0, 0xEFF), (0xF48, 0xF48), (0xF6D, 0xF70),
    (0xF98, 0xF98), (0xFBD, 0xFBD), (0xFCD, 0xFCD), (0xFDB, 0xFFF), (0x10C6, 0x10C6), (0x10C8, 0x10CC),
    (0x10CE, 0x10CF), (0x1100, 0x115F), (0x1249, 0x1249), (0x124E, 0x124F), (0x1257, 0x1257), (0x1259, 0x1259),
    (0x125E, 0x125F), (0x1289, 0x1289), (0x128E, 0x128F), (0x12B1, 0x12B1), (0x12B6, 0x12B7), (0x12BF, 0x12BF),
    (0x12C1, 0x12C1), (0x12C6, 0x12C7), (0x12D7, 0x12D7), (0x1311, 0x1311), (0x1316, 0x1317), (0x135B, 0x135C),
    (0x137D, 0x137F), (0x139A, 0x139F), (0x13F6, 0x13F7), (0x13FE, 0x13FF), (0x169D, 0x169F), (0x16F9, 0x16FF),
    (0x1716, 0x171E), (0x1737, 0x173F), (0x1754, 0x175F), (0x176D, 0x176D), (0x1771, 0x1771), (0x1774, 0x177F),
    (0x17DE, 0x17DF), (0x17EA, 0x17EF), (0x17FA, 0x17FF), (0x181A, 0x181F), (0x1879, 0x187F), (0x18AB, 0x18AF),
    (0x18F6, 0x18FF), (0x191F, 0x191F), (0x192C, 0x192F), (0x193C, 0x193F), (0x1941, 0x1943), (0x196E, 0x196F),
    (0x1975, 0x197F), (0x19AC, 0x19AF), (0x19CA, 0x19CF), (0x19DB, 0x19DD), (0x1A1C, 0x1A1D), (0x1A5F, 0x1A5F),
    (0x1A7D, 0x1A7E), (0x1A8A, 0x1A8F), (0x1A9A, 0x1A9F), (0x1AAE, 0x1AAF), (0x1ACF, 0x1AFF), (0x1B4D, 0x1B4F),
    (0x1B7F, 0x1B7F), (0x1BF4, 0x1BFB), (0x1C38, 0x1C3A), (0x1C4A, 0x1C4C), (0x1C89, 0x1C8F), (0x1CBB, 0x1CBC),
    (0x1CC8, 0x1CCF), (0x1CFB, 0x1CFF), (0x1F16, 0x1F17), (0x1F1E, 0x1F1F), (0x1F46, 0x1F47), (0x1F4E, 0x1F4F),
    (0x1F58, 0x1F58), (0x1F5A, 0x1F5A), (0x1F5C, 0x1F5C), (0x1F5E, 0x1F5E), (0x1F7E, 0x1F7F), (0x1FB5, 0x1FB5),
    (0x1FC5, 0x1FC5), (0x1FD4, 0x1FD5), (0x1FDC, 0x1FDC), (0x1FF0, 0x1FF1), (0x1FF5, 0x1FF5), (0x1FFF, 0x1FFF),
    (0x2065, 0x2065), (0x2072, 0x2073), (0x208F, 0x208F), (0x209D, 0x209F), (0x20C1, 0x20CF), (0x20F1, 0x20FF),
    (0x218C, 0x218F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3),
    (0x2427, 0x243F), (0x244B, 0x245F), (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
    (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE),
    (0x26D4, 0x26D4), (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
    (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
    (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55), (0x2B74, 0x2B75), (0x2B96, 0x2B96), (0x2CF4, 0x2CF8), (0x2D26, 0x2D26), (0x2D28, 0x2D2C),
    (0x2D2E, 0x2D2F), (0x2D68, 0x2D6E), (0x2D71, 0x2D7E), (0x2D97, 0x2D9F), (0x2DA7, 0x2DA7), (0x2DAF, 0x2DAF),
    (0x2DB7, 0x2DB7), (0x2DBF, 0x2DBF), (0x2DC7, 0x2DC7), (0x2DCF, 0x2DCF), (0x2DD7, 0x2DD7), (0x2DDF, 0x2DDF),
    (0x2E5E, 0x303E), (0x3040, 0x3247), (0x3250, 0x4DBF), (0x4E00, 0xA4CF), (0xA62C, 0xA63F), (0xA6F8, 0xA6FF),
    (0xA7CB, 0xA7CF), (0xA7D2, 0xA7D2), (0xA7D4, 0xA7D4), (0xA7DA, 0xA7F1), (0xA82D, 0xA82F), (0xA83A, 0xA83F),
    (0xA878, 0xA87F), (0xA8C6, 0xA8CD), (0xA8DA, 0xA8DF), (0xA954, 0xA95E), (0xA960, 0xA97F), (0xA9CE, 0xA9CE),
    (0xA9DA, 0xA9DD), (0xA9FF, 0xA9FF), (0xAA37, 0xAA3F), (0xAA4E, 0xAA4F), (0xAA5A, 0xAA5B), (0xAAC3, 0xAADA),
    (0xAAF7, 0xAB00), (0xAB07, 0xAB08), (0xAB0F, 0xAB10), (0xAB17, 0xAB1F), (0xAB27, 0xAB27), (0xAB2F, 0xAB2F),
    (0xAB6C, 0xAB6F), (0xABEE, 0xABEF), (0xABFA, 0xD7AF), (0xD7C7, 0xD7CA), (0xD7FC, 0xD7FF), (0xF900, 0xFAFF),
    (0xFB07, 0xFB12), (0xFB18, 0xFB1C), (0xFB37, 0xFB37), (0xFB3D, 0xFB3D), (0xFB3F, 0xFB3F), (0xFB42, 0xFB42),
    (0xFB45, 0xFB45), (0xFBC3, 0xFBD2), (0xFD90, 0xFD91), (0xFDC8, 0xFDCE), (0xFDD0, 0xFDEF), (0xFE10, 0xFE1F),
    (0xFE30, 0xFE6F), (0xFE75, 0xFE75), (0xFEFD, 0xFEFE), (0xFF00, 0xFF60), (0xFFBF, 0xFFC1), (0xFFC8, 0xFFC9),
    (0xFFD0, 0xFFD1), (0xFFD8, 0xFFD9), (0xFFDD, 0xFFE7), (0xFFEF, 0xFFF8), (0xFFFE, 0xFFFF), (0x1000C, 0x1000C),
    (0x10027, 0x10027), (0x1003B, 0x1003B), (0x1003E, 0x1003E), (0x1004E, 0x1004F), (0x1005E, 0x1007F), (0x100FB, 0x100FF),
    (0x10103, 0x10106), (0x10134, 0x10136), (0x1018F, 0x1018F), (0x1019D, 0x1019F), (0x101A1, 0x101CF), (0x101FE, 0x1027F),
    (0x1029D, 0x1029F), (0x102D1, 0x102DF), (0x102FC, 0x102FF), (0x10324, 0x1032C), (0x1034B, 0x1034F), (0x1037B, 0x1037F),
    (0x1039E, 0x1039E), (0x103C4, 0x103C7), (0x103D6, 0x103FF), (0x1049E, 0x1049F), (0x104AA, 0x104AF), (0x104D4, 0x104D7),
    (0x104FC, 0x104FF), (0x10528, 0x1052F), (0x10564, 0x1056E), (0x1057B, 0x1057B), (0x1058B, 0x1058B), (0x10593, 0x10593),
    (0x10596, 0x10596), (0x105A2, 0x105A2), (0x105B2, 0x105B2), (0x105BA, 0x105BA), (0x105BD, 0x105FF), (0x10737, 0x1073F),
    (0x10756, 0x1075F), (0x10768, 0x1077F), (0x10786, 0x10786), (0x107B1, 0x107B1), (0x107BB, 0x107FF), (0x10806, 0x10807),
    (0x10809, 0x10809), (0x10836, 0x10836), (0x10839, 0x1083B), (0x1083D, 0x1083E), (0x10856, 0x10856), (0x1089F, 0x108A6),
    (0x108B0, 0x108DF), (0x108F3, 0x108F3), (0x108F6, 0x108FA), (0x1091C, 0x1091E), (0x1093A, 0x1093E), (0x10940, 0x1097F),
    (0x109B8, 0x109BB), (0x109D0, 0x109D1), (0x10A04, 0x10A04), (0x10A07, 0x10A0B), (0x10A14, 0x10A14), (0x10A18, 0x10A18),
    (0x10A36, 0x10A37), (0x10A3B, 0x10A3E), (0x10A49, 0x10A4F), (0x10A59, 0x10A5F), (0x10AA0, 0x10ABF), (0x10AE7, 0x10AEA),
    (0x10AF7, 0x10AFF), (0x10B36, 0x10B38), (0x10B56, 0x10B57), (0x10B73, 0x10B77), (0x10B92, 0x10B98), (0x10B9D, 0x10BA8),
    (0x10BB0, 0x10BFF), (0x10C49, 0x10C7F), (0x10CB3, 0x10CBF), (0x10CF3, 0x10CF9), (0x10D28, 0x10D2F), (0x10D3A, 0x10E5F),
    (0x10E7F, 0x10E7F), (0x10EAA, 0x10EAA), (0x10EAE, 0x10EAF), (0x10EB2, 0x10EFF), (0x10F28, 0x10F2F), (0x10F5A, 0x10F6F),
    (0x10F8A, 0x10FAF), (0x10FCC, 0x10FDF), (0x10FF7, 0x10FFF), (0x1104E, 0x11051), (0x11076, 0x1107E), (0x110C3, 0x110CC),
    (0x110CE, 0x110CF), (0x110E9, 0x110EF), (0x110FA, 0x110FF), (0x11135, 0x11135), (0x11148, 0x1114F), (0x11177, 0x1117F),
    (0x111E0, 0x111E0), (0x111F5, 0x111FF), (0x11212, 0x11212), (0x1123F, 0x1127F), (0x11287, 0x11287), (0x11289, 0x11289),
    (0x1128E, 0x1128E), (0x1129E, 0x1129E), (0x112AA, 0x112AF), (0x112EB, 0x112EF), (0x112FA, 0x112FF), (0x11304, 0x11304),
    (0x1130D, 0x1130E), (0x11311, 0x11312), (0x11329, 0x11329), (0x11331, 0x11331), (0x11334, 0x11334), (0x1133A, 0x1133A),
    (0x11345, 0x11346), (0x11349, 0x1134A), (0x1134E, 0x1134F), (0x11351, 0x11356), (0x11358, 0x1135C), (0x11364, 0x11365),
    (0x1136D, 0x1136F), (0x11375, 0x113FF), (0x1145C, 0x1145C), (0x11462, 0x1147F), (0x114C8, 0x114CF), (0x114DA, 0x1157F),
    (0x115B6, 0x115B7), (0x115DE, 0x115FF), (0x11645, 0x1164F), (0x1165A, 0x1165F), (0x1166D, 0x1167F), (0x116BA, 0x116BF),
    (0x116CA, 0x116FF), (0x1171B, 0x1171C), (0x1172C, 0x1172F), (0x11747, 0x117FF), (0x1183C, 0x1189F), (0x118F3, 0x118FE),
    (0x11907, 0x11908), (0x1190A, 0x1190B), (0x11914, 0x11914), (0x11917, 0x11917), (0x11936, 0x11936), (0x11939, 0x1193A),
    (0x11947, 0x1194F), (0x1195A, 0x1199F), (0x119A8, 0x119A9), (0x119D8, 0x119D9), (0x119E5, 0x119FF), (0x11A48, 0x11A4F),
    (0x11AA3, 0x11AAF), (0x11AF9, 0x11BFF), (0x11C09, 0x11C09), (0x11C37, 0x11C37), (0x11C46, 0x11C4F), (0x11C6D, 0x11C6F),
    (0x11C90, 0x11C91), (0x11CA8, 0x11CA8), (0x11CB7, 0x11CFF), (0x11D07, 0x11D07), (0x11D0A, 0x11D0A), (0x11D37, 0x11D39),
    (0x11D3B, 0x11D3B), (0x11D3E, 0x11D3E), (0x11D48, 0x11D4F), (0x11D5A, 0x11D5F), (0x11D66, 0x11D66), (0x11D69, 0x11D69),
    (0x11D8F, 0x11D8F), (0x11D92, 0x11D92), (0x11D99, 0x11D9F), (0x11DAA, 0x11EDF), (0x11EF9, 0x11FAF), (0x11FB1, 0x11FBF),
    (0x11FF2, 0x11FFE), (0x1239A, 0x123FF), (0x1246F, 0x1246F), (0x12475, 0x1247F), (0x12544, 0x12F8F), (0x12FF3, 0x12FFF),
    (0x1342F, 0x1342F), (0x13439, 0x143FF), (0x14647, 0x167FF), (0x16A39, 0x16A3F), (0x16A5F, 0x16A5F), (0x16A6A, 0x16A6D),
    (0x16ABF, 0x16ABF), (0x16ACA, 0x16ACF), (0x16AEE, 0x16AEF), (0x16AF6, 0x16AFF), (0x16B46, 0x16B4F), (0x16B5A, 0x16B5A),
    (0x16B62, 0x16B62), (0x16B78, 0x16B7C), (0x16B90, 0x16E3F), (0x16E9B, 0x16EFF), (0x16F4B, 0x16F4E), (0x16F88, 0x16F8E),
    (0x16FA0, 0x1BBFF), (0x1BC6B, 0x1BC6F), (0x1BC7D, 0x1BC7F), (0x1BC89, 0x1BC8F), (0x1BC9A, 0x1BC9B), (0x1BCA4, 0x1CEFF),
    (0x1CF2E, 0x1CF2F), (0x1CF47, 0x1CF4F), (0x1CFC4, 0x1CFFF), (0x1D0F6, 0x1D0FF), (0x1D127, 0x1D128), (0x1D1EB, 0x1D1FF),
    (0x1D246, 0x1D2DF), (0x1D2F4, 0x1D2FF), (0x1D357, 0x1D35F), (0x1D379, 0x1D3FF), (0x1D455, 0x1D455), (0x1D49D, 0x1D49D),
    (0x1D4A0, 0x1D4A1), (0x1D4A3, 0x1D4A4), (0x1D4A7, 0x1D4A8), (0x1D4AD, 0x1D4AD), (0x1D4BA, 0x1D4BA), (0x1D4BC, 0x1D4BC),
    (0x1D4C4, 0x1D4C4), (0x1D506, 0x1D506), (0x1D50B, 0x1D50C), (0x1D515, 0x1D515), (0x1D51D, 0x1D51D), (0x1D53A, 0x1D53A),
    (0x1D53F, 0x1D53F), (0x1D545, 0x1D545), (0x1D547, 0x1D549), (0x1D551, 0x1D551), (0x1D6A6, 0x1D6A7), (0x1D7CC, 0x1D7CD),
    (0x1DA8C, 0x1DA9A), (0x1DAA0, 0x1DAA0), (0x1DAB0, 0x1DEFF), (0x1DF1F, 0x1DFFF), (0x1E007, 0x1E007), (0x1E019, 0x1E01A),
    (0x1E022, 0x1E022), (0x1E025, 0x1E025), (0x1E02B, 0x1E0FF), (0x1E12D, 0x1E12F), (0x1E13E, 0x1E13F), (0x1E14A, 0x1E14D),
    (0x1E150, 0x1E28F), (0x1E2AF, 0x1E2BF), (0x1E2FA, 0x1E2FE), (0x1E300, 0x1E7DF), (0x1E7E7, 0x1E7E7), (0x1E7EC, 0x1E7EC),
    (0x1E7EF, 0x1E7EF), (0x1E7FF, 0x1E7FF), (0x1E8C5, 0x1E8C6), (0x1E8D7, 0x1E8FF), (0x1E94C, 0x1E94F), (0x1E95A, 0x1E95D),
    (0x1E960, 0x1EC70), (0x1ECB5, 0x1ED00), (0x1ED3E, 0x1EDFF), (0x1EE04, 0x1EE04), (0x1EE20, 0x1EE20), (0x1EE23, 0x1EE23),
    (0x1EE25, 0x1EE26), (0x1EE28, 0x1EE28), (0x1EE33, 0x1EE33), (0x1EE38, 0x1EE38), (0x1EE3A, 0x1EE3A), (0x1EE3C, 0x1EE41),
    (0x1EE43, 0x1EE46), (0x1EE48, 0x1EE48), (0x1EE4A, 0x1EE4A), (0x1EE4C, 0x1EE4C), (0x1EE50, 0x1EE50), (0x1EE53, 0x1EE53),
    (0x1EE55, 0x1EE56), (0x1EE58, 0x1EE58), (0x1EE5A, 0x1EE5A), (0x1EE5C, 0x1EE5C), (0x1EE5E, 0x1EE5E), (0x1EE60, 0x1EE60),
    (0x1EE63, 0x1EE63), (0x1EE65, 0x1EE66), (0x1EE6B, 0x1EE6B), (0x1EE73, 0x1EE73), (0x1EE78, 0x1EE78), (0x1EE7D, 0x1EE7D),
    (0x1EE7F, 0x1EE7F), (0x1EE8A, 0x1EE8A), (0x1EE9C, 0x1EEA0), (0x1EEA4, 0x1EEA4), (0x1EEAA, 0x1EEAA), (0x1EEBC, 0x1EEEF),
    (0x1EEF2, 0x1EFFF), (0x1F004, 0x1F004), (0x1F02C, 0x1F02F), (0x1F094, 0x1F09F), (0x1F0AF, 0x1F0B0), (0x1F0C0, 0x1F0C0),
    (0x1F0CF, 0x1F0D0), (0x1F0F6, 0x1F0FF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AE, 0x1F1E5), (0x1F200, 0x1F320),
    (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0),
    (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440), (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E),
    (0x1F550, 0x1F567), (0x1F57A, 0x1F57A), (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5),
    (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6DF), (0x1F6EB, 0x1F6EF), (0x1F6F4, 0x1F6FF), (0x1F774, 0x1F77F),
    (0x1F7D9, 0x1F7FF), (0x1F80C, 0x1F80F), (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8AF),
    (0x1F8B2, 0x1F8FF), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA54, 0x1FA5F), (0x1FA6E, 0x1FAFF),
    (0x1FB93, 0x1FB93), (0x1FBCB, 0x1FBEF), (0x1FBFA, 0xE0000), (0xE0002, 0xE001F), (0xE0080, 0xE00FF), (0xE01F0, 0xEFFFF),
    (0xFFFFE, 0xFFFFF), (0x10FFFE, 0x10FFFF),
];

/// `char_width`: 2 for East Asian wide and full-width code points.
fn char_width(c: char) -> i64 {
    let cp = c as u32;
    if cp < 0x378 {
        return 1;
    }
    match WIDE.binary_search_by(|&(lo, hi)| {
        if hi < cp {
            std::cmp::Ordering::Less
        } else if lo > cp {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(_) => 2,
        Err(_) => 1,
    }
}

fn text_width(s: &[char]) -> i64 {
    s.iter().map(|&c| char_width(c)).sum()
}

/// A segment: `(start, end, display start, display end)`, as in Python.
type Seg = [i64; 4];

/// `segments`: stretches of the line without a run of two spaces.
fn segments(line: &[char]) -> Vec<Seg> {
    let mut out = Vec::new();
    let n = line.len();
    let mut disp: i64 = 0;
    let mut prev = 0usize;
    let mut k = 0usize;
    while k < n {
        if line[k] == ' ' {
            k += 1;
            continue;
        }
        let s = k;
        // [^ ]+(?: [^ ]+)*
        loop {
            while k < n && line[k] != ' ' {
                k += 1;
            }
            if k + 1 < n && line[k] == ' ' && line[k + 1] != ' ' {
                k += 1;
                continue;
            }
            break;
        }
        let e = k;
        disp += (s - prev) as i64;
        let d0 = disp;
        disp += text_width(&line[s..e]);
        out.push([s as i64, e as i64, d0, disp]);
        prev = e;
    }
    out
}

/// `GUTTER.search`: a run of two or more spaces between two characters that
/// are neither spaces nor line breaks.
pub(crate) fn has_gutter(text: &str) -> bool {
    // On the bytes: a space or a line break is never part of a multi-byte
    // character, and the first "  " of a run of spaces starts the run.
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(k) = text[from..].find("  ") {
        let start = from + k;
        let mut end = start + 2;
        while end < b.len() && b[end] == b' ' {
            end += 1;
        }
        if start > 0 && b[start - 1] != b'\n' && end < b.len() && b[end] != b'\n' {
            return true;
        }
        from = end;
    }
    false
}

/// `column_starts`
fn column_starts(lines_segs: &[Vec<Seg>], metric: usize) -> Vec<i64> {
    let i = 2 * metric;
    let mut by_place: HashMap<i64, Vec<usize>> = HashMap::new();
    for (n, segs) in lines_segs.iter().enumerate() {
        for seg in segs {
            by_place.entry(seg[i]).or_default().push(n);
        }
    }
    let mut places: Vec<i64> = by_place.keys().copied().collect();
    places.sort_unstable();
    let mut out: Vec<(i64, usize)> = Vec::new();
    let mut k = 0usize;
    let n = places.len();
    while k < n {
        let lo = places[k];
        let mut hi = lo;
        let mut seen: HashSet<usize> = HashSet::new();
        while k < n && places[k] <= hi + CHAIN {
            hi = places[k];
            seen.extend(by_place[&hi].iter().copied());
            k += 1;
        }
        if seen.len() < MIN_STRADDLE {
            continue;
        }
        if let Some(&(last_lo, last_count)) = out.last() {
            if lo - last_lo < MIN_PITCH {
                if seen.len() <= last_count {
                    continue;
                }
                out.pop();
            }
        }
        out.push((lo, seen.len()));
    }
    out.into_iter().map(|(lo, _)| lo).collect()
}

/// `_split_at`
fn split_at(line: &[char], segs: &mut Vec<Seg>, b: i64, metric: usize) {
    let i = 2 * metric;
    for n in 0..segs.len() {
        let seg = segs[n];
        if !(seg[i] < b - CHAIN && seg[i + 1] > b) {
            continue;
        }
        let mut disp = seg[2];
        for k in seg[0] as usize..seg[1] as usize {
            let ch = line[k];
            if ch == ' ' {
                let pos = if metric == CHARS { k as i64 + 1 } else { disp + 1 };
                if b - CHAIN <= pos && pos <= b + MAX_SHIFT && !line[k - 1].is_ascii() && !line[k + 1].is_ascii() {
                    let cut = [
                        [seg[0], k as i64, seg[2], disp],
                        [k as i64 + 1, seg[1], disp + 1, seg[3]],
                    ];
                    segs.splice(n..n + 1, cut);
                    return;
                }
            }
            disp += char_width(ch);
        }
        return;
    }
}

/// `_crossed`
fn crossed(segs: &[Seg], b: i64, metric: usize) -> bool {
    let i = 2 * metric;
    segs.iter().any(|seg| seg[i] < b - CHAIN && seg[i + 1] > b)
}

/// `_straddles`
fn straddles(segs: &[Seg], b: i64, metric: usize) -> bool {
    let i = 2 * metric;
    match (segs.first(), segs.last()) {
        (Some(first), Some(last)) => first[i] < b - CHAIN && b - CHAIN <= last[i],
        _ => false,
    }
}

/// `_valid_ranges`
fn valid_ranges(lines_segs: &[Vec<Seg>], b: i64, metric: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut lo = 0usize;
    let mut count = 0usize;
    for (i, segs) in lines_segs.iter().enumerate() {
        if crossed(segs, b, metric) {
            if count >= MIN_STRADDLE {
                out.push((lo, i));
            }
            lo = i + 1;
            count = 0;
        } else if straddles(segs, b, metric) {
            count += 1;
        }
    }
    if count >= MIN_STRADDLE {
        out.push((lo, lines_segs.len()));
    }
    out
}

/// `_blocks`: `(lo, hi, column starts)`.
fn blocks(lines: &[Vec<char>], lines_segs: &mut [Vec<Seg>], metric: usize) -> Vec<(usize, usize, Vec<i64>)> {
    let n = lines_segs.len();
    let mut valid: Vec<Vec<i64>> = vec![Vec::new(); n];
    let bounds = column_starts(lines_segs, metric);
    if bounds.len() > MAX_STARTS {
        return Vec::new();
    }
    for &b in &bounds {
        for k in 0..n {
            if crossed(&lines_segs[k], b, metric) {
                split_at(&lines[k], &mut lines_segs[k], b, metric);
            }
        }
    }
    for &b in &bounds {
        for (lo, hi) in valid_ranges(lines_segs, b, metric) {
            for v in &mut valid[lo..hi] {
                v.push(b);
            }
        }
    }
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < n {
        let mut j = i + 1;
        while j < n && valid[j] == valid[i] {
            j += 1;
        }
        if !valid[i].is_empty() {
            let (lo, hi) = trim(lines_segs, i, j);
            if lo < hi {
                out.push((lo, hi, valid[i].clone()));
            }
        }
        i = j;
    }
    out
}

/// `_trim`
fn trim(lines_segs: &[Vec<Seg>], mut lo: usize, mut hi: usize) -> (usize, usize) {
    while lo < hi && lines_segs[lo].is_empty() {
        lo += 1;
    }
    while hi > lo && lines_segs[hi - 1].is_empty() {
        hi -= 1;
    }
    (lo, hi)
}

/// A cell: its text and its start (in the position count used).
type Cell = Option<(Vec<char>, i64)>;

/// `_cells`
fn cells(line: &[char], segs: &[Seg], bounds: &[i64], metric: usize) -> Vec<Cell> {
    let i = 2 * metric;
    let mut out: Vec<Cell> = vec![None; bounds.len() + 1];
    let mut col = 0usize;
    let mut first: Option<Seg> = None;
    let mut last: Seg = [0; 4];
    for seg in segs {
        let mut c = col;
        while c < bounds.len() && seg[i] >= bounds[c] - CHAIN {
            c += 1;
        }
        if c != col {
            if let Some(f) = first {
                out[col] = Some((line[f[0] as usize..last[1] as usize].to_vec(), f[i]));
                first = None;
            }
        }
        col = c;
        if first.is_none() {
            first = Some(*seg);
        }
        last = *seg;
    }
    if let Some(f) = first {
        out[col] = Some((line[f[0] as usize..last[1] as usize].to_vec(), f[i]));
    }
    out
}

/// `_usual_start`: the most common start, the smallest of the most common.
fn usual_start(starts: &[i64]) -> i64 {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for &s in starts {
        *counts.entry(s).or_default() += 1;
    }
    let mut best: Option<(usize, i64)> = None;
    for (&s, &c) in &counts {
        best = match best {
            Some((bc, bs)) if bc > c || (bc == c && bs < s) => Some((bc, bs)),
            _ => Some((c, s)),
        };
    }
    best.map(|(_, s)| s).unwrap_or(0)
}

/// `_usual_width`: the most common width, the largest of the most common.
fn usual_width(widths: &[i64]) -> i64 {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for &w in widths {
        *counts.entry(w).or_default() += 1;
    }
    let mut best: Option<(usize, i64)> = None;
    for (&w, &c) in &counts {
        best = match best {
            Some((bc, bw)) if bc > c || (bc == c && bw > w) => Some((bc, bw)),
            _ => Some((c, w)),
        };
    }
    best.map(|(_, w)| w).unwrap_or(0)
}

fn has_double_space(t: &[char]) -> bool {
    t.windows(2).any(|w| w[0] == ' ' && w[1] == ' ')
}

/// `_is_heading`: at most half the measure, no mark at its end.
fn is_heading(cell: &Cell, measure: i64) -> bool {
    match cell {
        None => false,
        Some((text, _)) => {
            let end = *text.last().expect("a cell is never empty");
            2 * text_width(text) <= measure && !clause_end(end) && !sentence_end(end)
        }
    }
}

/// `is_prose`
fn is_prose(grid: &[Vec<Cell>]) -> bool {
    let (mut total, mut full, mut measured, mut punct) = (0i64, 0i64, 0i64, 0i64);
    let mut measures: Vec<i64> = Vec::new();
    for j in 0..grid[0].len() {
        let cells: Vec<&(Vec<char>, i64)> = grid.iter().filter_map(|row| row[j].as_ref()).collect();
        if cells.len() < MIN_STRADDLE {
            return false;
        }
        let mut wide = 0i64;
        let mut visible = 0i64;
        for (t, _) in &cells {
            for &c in t {
                if char_width(c) == 2 {
                    wide += 1;
                }
                if c != ' ' {
                    visible += 1;
                }
            }
        }
        if wide * 100 < MIN_WIDE_SHARE * visible {
            return false;
        }
        let widths: Vec<i64> = cells.iter().map(|(t, _)| text_width(t)).collect();
        let measure = usual_width(&widths);
        if measure < MIN_MEASURE {
            return false;
        }
        measures.push(measure);
        let gapped = cells.iter().filter(|(t, _)| has_double_space(t)).count() as i64;
        if gapped * 100 > MAX_GAPPED_SHARE * cells.len() as i64 {
            return false;
        }
        let starts: Vec<i64> = cells.iter().map(|(_, s)| *s).collect();
        let usual = usual_start(&starts);
        let mut column_measured = 0i64;
        for ((t, s), &w) in cells.iter().zip(&widths) {
            let end = *t.last().expect("a cell is never empty");
            if clause_end(end) {
                punct += 1;
            }
            if *s > usual || sentence_end(end) {
                continue;
            }
            column_measured += 1;
            if w * FULL_DEN >= measure * FULL_NUM {
                full += 1;
            }
        }
        if column_measured == 0 {
            return false;
        }
        measured += column_measured;
        total += cells.len() as i64;
    }
    let max = *measures.iter().max().expect("a column");
    let min = *measures.iter().min().expect("a column");
    if max * MEASURE_RATIO.1 > min * MEASURE_RATIO.0 {
        return false;
    }
    // a header row: every column starts with a heading
    if grid[0].iter().zip(&measures).all(|(cell, &m)| is_heading(cell, m)) {
        return false;
    }
    if measured < MIN_STRADDLE as i64 {
        return false;
    }
    full * 100 >= MIN_FULL_SHARE * measured && punct * 100 <= MAX_PUNCT_END_SHARE * total
}

/// `_misaligned`
fn misaligned(grid: &[Vec<Cell>]) -> usize {
    let mut count = 0usize;
    for j in 0..grid[0].len() {
        let starts: Vec<i64> = grid.iter().filter_map(|row| row[j].as_ref().map(|c| c.1)).collect();
        let usual = usual_start(&starts);
        count += starts.iter().filter(|&&s| s != usual).count();
    }
    count
}

/// `_read_down`
fn read_down(grid: &[Vec<Cell>]) -> Vec<String> {
    let mut out = Vec::new();
    for j in 0..grid[0].len() {
        let starts: Vec<i64> = grid.iter().filter_map(|row| row[j].as_ref().map(|c| c.1)).collect();
        let usual = usual_start(&starts);
        for row in grid {
            if let Some((text, start)) = &row[j] {
                let indent = start - usual;
                let mut line = String::new();
                if indent >= MIN_INDENT {
                    line.extend(std::iter::repeat_n(' ', indent as usize));
                }
                line.extend(text.iter());
                out.push(line);
            } else if row.iter().all(|c| c.is_none()) {
                out.push(String::new());
            }
        }
    }
    out
}

/// `_rewrite_run`: the run read column by column, `None` when unchanged.
fn rewrite_run(lines: &[Vec<char>]) -> Option<Vec<String>> {
    let parsed: Vec<Vec<Seg>> = lines.iter().map(|l| segments(l)).collect();
    let mut best: Option<Vec<(usize, usize, Vec<String>)>> = None;
    let mut best_score: (usize, i64) = (0, 0);
    for metric in [CHARS, DISPLAY] {
        let mut done = Vec::new();
        let mut count = 0usize;
        let mut mis = 0usize;
        let mut lines_segs = parsed.clone();
        for (lo, hi, bounds) in blocks(lines, &mut lines_segs, metric) {
            let grid: Vec<Vec<Cell>> = (lo..hi)
                .map(|i| cells(&lines[i], &lines_segs[i], &bounds, metric))
                .collect();
            if is_prose(&grid) {
                done.push((lo, hi, read_down(&grid)));
                count += hi - lo;
                mis += misaligned(&grid);
            }
        }
        let score = (count, -(mis as i64));
        if count > 0 && score > best_score {
            best = Some(done);
            best_score = score;
        }
    }
    let best = best?;
    let mut out: Vec<String> = lines.iter().map(|l| l.iter().collect()).collect();
    for (lo, hi, new) in best.into_iter().rev() {
        out.splice(lo..hi, new);
    }
    Some(out)
}

/// `table_rows`: the aligned tables among `lines`, as `(lo, hi, indent)`:
/// rows `lines[lo..hi]` (blank lines between them allowed) and the indent
/// all of them share.  A table is a block this rule finds and does not read
/// down: its rows are the lines of such a block with text in two of its
/// columns or more, a gutter between them (never a line that starts with a
/// form feed).
pub(crate) fn table_rows(lines: &[&str]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    // (which lines have a gutter: asked once, here)
    let gutter: Vec<bool> = lines.iter().map(|l| has_gutter(l)).collect();
    if gutter.iter().filter(|&&g| g).count() < MIN_STRADDLE {
        return out;
    }
    for (lo, hi) in gutter_runs(lines, &gutter) {
        let run: Vec<Vec<char>> = lines[lo..hi].iter().map(|l| l.chars().collect()).collect();
        let parsed: Vec<Vec<Seg>> = run.iter().map(|l| segments(l)).collect();
        let mut rows = vec![false; run.len()];
        for metric in [CHARS, DISPLAY] {
            let mut lines_segs = parsed.clone();
            for (blo, bhi, bounds) in blocks(&run, &mut lines_segs, metric) {
                for i in blo..bhi {
                    if run[i].first() == Some(&'\u{c}') || !gutter[lo + i] {
                        continue; // (a line cut only at a single space is prose pushed on)
                    }
                    let filled = cells(&run[i], &lines_segs[i], &bounds, metric).iter().filter(|c| c.is_some()).count();
                    if filled >= 2 {
                        rows[i] = true;
                    }
                }
            }
        }
        aligned_rows(&run, &parsed, &mut rows);
        for (row, segs) in rows.iter_mut().zip(&parsed) {
            if spaced_out(segs) {
                *row = false; // letter-spacing ("全  国  人  民"): cjk-space's
            }
        }
        take_neighbour_rows(&run, &parsed, &mut rows);
        let blank = |i: usize| run[i].iter().all(|&c| c == ' ');
        let mut i = 0;
        while i < run.len() {
            if !rows[i] {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut last = i;
            while j < run.len() && (rows[j] || blank(j)) {
                if rows[j] {
                    last = j;
                }
                j += 1;
            }
            let end = last + 1;
            if rows[i..end].iter().filter(|&&r| r).count() >= 2 {
                let indent = (i..end)
                    .filter(|&k| rows[k])
                    .map(|k| run[k].iter().take_while(|&&c| c == ' ').count())
                    .min()
                    .unwrap_or(0);
                out.push((lo + i, lo + end, indent));
            }
            i = end;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Listed rows (`list_rows`): a table that a span-based extractor printed with
// one space between cells, sometimes a row broken over two lines.

const MAX_LIST_CELLS: usize = 6;
const MAX_LIST_CELL: usize = MAX_LOOSE_CELL as usize;
/// `_LIST_STOPS`: marks that end a clause (and a table's rule `|`).
const LIST_STOPS: [char; 10] = ['，', '。', '；', '！', '？', '、', ';', '!', '?', '|'];
/// `_MD_ITEMS`: a first cell that makes the line a Markdown item or quote.
const MD_ITEMS: [&str; 4] = ["-", "*", "+", ">"];

/// A line of `_LIST_LINE`: one to `MAX_LIST_CELLS` runs of one to
/// `MAX_LIST_CELL` non-space characters, one space apart, spaces at the edges.
fn list_line(line: &str) -> bool {
    if line.len() > 4 * MAX_LIST_CELL && !line.as_bytes().contains(&b' ') {
        return false; // (one cell, longer than a cell can be: most prose lines)
    }
    let s = line.trim_matches(' ');
    if s.is_empty() {
        return false;
    }
    let (mut cells, mut len) = (1usize, 0usize);
    for c in s.chars() {
        if c == ' ' {
            if len == 0 {
                return false; // (two spaces: a gutter)
            }
            cells += 1;
            len = 0;
            if cells > MAX_LIST_CELLS {
                return false;
            }
        } else if is_py_space(c) {
            return false;
        } else {
            len += 1;
            if len > MAX_LIST_CELL {
                return false;
            }
        }
    }
    true
}

/// `has_list`: can `text` hold a listed table (three lines of `_LIST_LINE`
/// in a row)?
pub(crate) fn has_list(text: &str) -> bool {
    if !text.contains('\n') {
        return false;
    }
    // (every row of a listed table holds a figure, on one of its lines: a
    // run of candidate lines needs three with a digit; Python's gate is
    // looser, and both only spare the work of `list_rows`)
    let mut figures = 0;
    for line in text.split('\n') {
        if list_line(line) {
            if line.bytes().any(|b| b.is_ascii_digit()) {
                figures += 1;
                if figures >= MIN_STRADDLE {
                    return true;
                }
            }
        } else {
            figures = 0;
        }
    }
    false
}

/// `_list_cells`: the cells of `line` if it can be a listed row (or half of
/// one).
fn list_cells(line: &str) -> Option<Vec<&str>> {
    if !list_line(line) {
        return None;
    }
    let s = line.trim_matches(' ');
    if s.starts_with('#') {
        return None;
    }
    let cells: Vec<&str> = s.split(' ').collect();
    if MD_ITEMS.contains(&cells[0]) {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let digit = |i: usize| chars[i].is_ascii_digit();
    for (i, &ch) in chars.iter().enumerate() {
        if LIST_STOPS.contains(&ch) || ('\u{2500}'..='\u{257f}').contains(&ch) {
            return None;
        }
        if (ch == ',' || ch == '.') && !(i > 0 && i + 1 < chars.len() && digit(i - 1) && digit(i + 1)) {
            return None; // (punct-width may widen it: the line would change kind)
        }
    }
    Some(cells)
}

/// `_figures`: which cells hold a figure.
fn figures(cells: &[&str]) -> Vec<bool> {
    cells.iter().map(|c| c.bytes().any(|b| b.is_ascii_digit())).collect()
}

/// `_joined_row`: two halves of a broken row as one.
fn joined_row(upper: &str, lower: &str) -> String {
    let a = upper.trim_matches(' ');
    let b = lower.trim_matches(' ');
    let han = a.chars().next_back().is_some_and(is_han) && b.chars().next().is_some_and(is_han);
    if han {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

/// `_a_row`: do `cells` make a row of that shape (as many cells, figures
/// only where the shape has them and at least one, a Han character, not
/// every cell one character, no number spaced off its text)?
fn a_row(cells: &[&str], shape: &[bool]) -> bool {
    if cells.len() != shape.len() {
        return false;
    }
    let figures = figures(cells);
    if !figures.iter().any(|&f| f) || figures.iter().zip(shape).any(|(&f, &s)| f && !s) {
        return false;
    }
    cells.iter().any(|c| c.chars().any(is_han)) && cells.iter().any(|c| c.chars().nth(1).is_some()) && !spaced_number(cells)
}

/// `_BARE_NUMBER` (whole cell): a digit, then digits, points and commas.
fn bare_number(cell: &str) -> bool {
    cell.starts_with(|c: char| c.is_ascii_digit()) && cell.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

/// `_HAN_THEN_DIGITS`: does `cell` end with a digit, after digits, points
/// and commas that follow a Han character?
fn han_then_digits(cell: &str) -> bool {
    if !cell.ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let body = cell.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    body.chars().next_back().is_some_and(is_han)
}

/// `_DIGITS_THEN_HAN` (at the start): a digit, digits, points and commas,
/// then three Han characters.
fn digits_then_han(cell: &str) -> bool {
    if !cell.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let rest = cell.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    let mut chars = rest.chars();
    (0..3).all(|_| chars.next().is_some_and(is_han))
}

/// `_spaced_number`: is a number spaced off the running text it belongs to?
fn spaced_number(cells: &[&str]) -> bool {
    let starts_han = |c: &str| c.chars().next().is_some_and(is_han);
    let ends_han = |c: &str| c.chars().next_back().is_some_and(is_han);
    for i in 0..cells.len().saturating_sub(1) {
        let (left, right) = (cells[i], cells[i + 1]);
        if !starts_han(right) {
            if ends_han(left) && digits_then_han(right) {
                return true;
            }
            continue;
        }
        if bare_number(left) {
            if i > 0 && ends_han(cells[i - 1]) {
                return true;
            }
        } else if han_then_digits(left) {
            return true;
        }
    }
    false
}

/// Listed tables found: `(lo, hi, indent)` ranges, and each row broken over
/// two lines as (index of its upper half, the row joined).
pub(crate) type Listed = (Vec<(usize, usize, usize)>, Vec<(usize, String)>);

/// `list_rows`: the listed tables among `lines`.  The lines are read one by
/// one: only a run of candidate lines is held, never the whole text.
pub(crate) fn list_rows<'a>(lines: impl Iterator<Item = &'a str>) -> Listed {
    let mut out = Vec::new();
    let mut joins = Vec::new();
    let mut run_lines: Vec<&str> = Vec::new();
    let mut run: Vec<Vec<&str>> = Vec::new();
    let mut base = 0;
    for (i, line) in lines.enumerate() {
        if let Some(cells) = list_cells(line) {
            if run.is_empty() {
                base = i;
            }
            run_lines.push(line);
            run.push(cells);
            continue;
        }
        if run.len() >= MIN_STRADDLE {
            listed_table(&run_lines, base, &run, &mut out, &mut joins);
        }
        run_lines.clear();
        run.clear();
    }
    if run.len() >= MIN_STRADDLE {
        listed_table(&run_lines, base, &run, &mut out, &mut joins);
    }
    (out, joins)
}

/// `_listed_table`: `list_rows` on one run of candidate lines, `lines` (the
/// run's own), which starts at line `base`.
fn listed_table(
    lines: &[&str],
    base: usize,
    run: &[Vec<&str>],
    out: &mut Vec<(usize, usize, usize)>,
    joins: &mut Vec<(usize, String)>,
) {
    let n = run.len();
    let shapes: Vec<Vec<bool>> = run.iter().map(|c| figures(c)).collect();
    // How many rows each shape explains (in first-seen order): the lines of
    // that shape, and the pairs of lines with fewer cells that joined are of it.
    let mut rows_of: Vec<(Vec<bool>, usize)> = Vec::new();
    let mut count = |shape: &[bool]| match rows_of.iter_mut().find(|(s, _)| s.as_slice() == shape) {
        Some(entry) => entry.1 += 1,
        None => rows_of.push((shape.to_vec(), 1)),
    };
    for (m, (cells, shape)) in run.iter().zip(&shapes).enumerate() {
        if cells.len() >= 2 && shape.iter().any(|&f| f) && a_row(cells, shape) {
            count(shape);
        }
        if m + 1 < n {
            let row = joined_row(lines[m], lines[m + 1]);
            let joined: Vec<&str> = row.split(' ').collect();
            let whole = figures(&joined);
            if cells.len() < whole.len() && run[m + 1].len() < whole.len() && whole.iter().any(|&f| f) && a_row(&joined, &whole) {
                count(&whole);
            }
        }
    }
    // the shape that explains most rows; of two, the one with more cells (a
    // broken row's halves have fewer), then the first seen
    let mut best: Option<(usize, usize, usize)> = None; // (count, cells, index)
    for (i, (candidate, c)) in rows_of.iter().enumerate() {
        if best.is_none_or(|(bc, bk, _)| (*c, candidate.len()) > (bc, bk)) {
            best = Some((*c, candidate.len(), i));
        }
    }
    let Some((_, _, index)) = best else { return };
    let shape = rows_of.swap_remove(index).0;
    let k = shape.len();
    let mut lo: Option<usize> = None;
    let mut rows = 0usize;
    let mut pending: Vec<(usize, String)> = Vec::new();
    let close = |lo: Option<usize>, hi: usize, rows: usize, pending: &mut Vec<(usize, String)>, out: &mut Vec<(usize, usize, usize)>, joins: &mut Vec<(usize, String)>| {
        if let Some(lo) = lo {
            if rows >= MIN_STRADDLE {
                let indent = (lo..hi).map(|m| lines[m].len() - lines[m].trim_start_matches(' ').len()).min().unwrap_or(0);
                out.push((base + lo, base + hi, indent));
                joins.append(pending);
            }
        }
        pending.clear();
    };
    let mut m = 0;
    while m < n {
        let mut joined: Option<String> = None;
        let step = if a_row(&run[m], &shape) {
            1
        } else if m + 1 < n && run[m].len() < k && run[m + 1].len() < k {
            let row = joined_row(lines[m], lines[m + 1]);
            let cells: Vec<&str> = row.split(' ').collect();
            let fits = a_row(&cells, &shape);
            if fits {
                joined = Some(row);
                2
            } else {
                0
            }
        } else {
            0
        };
        if step == 0 {
            if lo.is_some() {
                close(lo, m, rows, &mut pending, out, joins);
                lo = None;
                rows = 0;
                continue; // (the line may head the next table)
            }
            if run[m].len() == k && !shapes[m].iter().any(|&f| f) && run[m].iter().any(|c| c.chars().nth(1).is_some()) {
                lo = Some(m); // a header row: the table starts here if rows follow
            }
            m += 1;
            continue;
        }
        if lo.is_none() {
            lo = Some(m);
            rows = 0;
            pending.clear();
        }
        if let Some(row) = joined {
            pending.push((base + m, row));
        }
        rows += 1;
        m += step;
    }
    close(lo, n, rows, &mut pending, out, joins);
}

/// `TABLE_RULES`: vertical lines of box drawing (a drawn table has one in
/// every row).
pub(crate) const TABLE_RULES: [char; 3] = ['\u{2502}', '\u{2503}', '\u{2551}'];

/// `_marked_row`: ("box", 0) as `Some(0)` for a line of a drawn table,
/// `Some(n)` for n (two or more) cells between tabs; else `None`.
fn marked_row(line: &str) -> Option<usize> {
    if line.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)) {
        return Some(0);
    }
    if line.contains('\t') {
        let body = line.trim_matches(|c| c == ' ' || c == '\t');
        let cells = body.split('\t').filter(|piece| !piece.is_empty()).count();
        // (`_TABS.split` on a body without tabs at its ends: runs of tabs
        // are one separator, so the cells are the non-empty pieces)
        if cells >= 2 {
            return Some(cells);
        }
    }
    None
}

/// `marked_table_rows`: two or more lines in a row of a drawn table, or
/// with as many cells between tabs, as `(lo, hi, indent)`.
pub(crate) fn marked_table_rows(lines: &[&str]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let n = lines.len();
    let mut i = 0;
    while i < n {
        let Some(kind) = marked_row(lines[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < n && marked_row(lines[j]) == Some(kind) {
            j += 1;
        }
        if j - i >= 2 {
            let indent = lines[i..j].iter().map(|l| l.len() - l.trim_start_matches(' ').len()).min().unwrap_or(0);
            out.push((i, j, indent));
        }
        i = j;
    }
    out
}

/// `_spaced_out`: is every segment one character (a letter-spaced line)?
fn spaced_out(segs: &[Seg]) -> bool {
    segs.iter().all(|s| s[1] - s[0] == 1)
}

/// `_aligned_rows`: also the lines of a stretch of `MIN_STRADDLE` or more
/// (blank lines between them allowed) with as many cells each, two or more,
/// whose columns line up, most of them with a figure after the first line.
fn aligned_rows(run: &[Vec<char>], parsed: &[Vec<Seg>], rows: &mut [bool]) {
    let n = run.len();
    let ff = |i: usize| run[i].first() == Some(&'\u{c}');
    let mut i = 0;
    while i < n {
        let k = parsed[i].len();
        if k < 2 || ff(i) {
            i += 1;
            continue;
        }
        let mut members = vec![i];
        let mut j = i + 1;
        while j < n {
            if run[j].iter().all(|&c| c == ' ') {
                j += 1;
                continue;
            }
            if parsed[j].len() != k || ff(j) {
                break;
            }
            members.push(j);
            j += 1;
        }
        let figures = members[1..].iter().filter(|&&m| run[m].iter().any(char::is_ascii_digit)).count();
        if members.len() >= MIN_STRADDLE
            && 2 * figures >= members.len() - 1
            && (lined_up(parsed, &members) || short_cells(k, parsed, &members))
        {
            for &m in &members {
                rows[m] = true;
            }
        }
        i = members[members.len() - 1] + 1;
    }
}

/// `MAX_LOOSE_CELL`: the most characters a cell of a table OCR printed out
/// of line may hold.
const MAX_LOOSE_CELL: i64 = 12;

/// `_short_cells`: three cells or more a line, none longer than
/// `MAX_LOOSE_CELL` (a table printed with its gutters but not lined up).
fn short_cells(k: usize, parsed: &[Vec<Seg>], members: &[usize]) -> bool {
    k >= 3 && members.iter().all(|&m| parsed[m].iter().all(|s| s[1] - s[0] <= MAX_LOOSE_CELL))
}

/// `_lined_up`: does every column after the first start, or end, within
/// `CHAIN` of one place on every line (in characters or display columns)?
fn lined_up(parsed: &[Vec<Seg>], members: &[usize]) -> bool {
    (1..parsed[members[0]].len()).all(|c| {
        (0..4).any(|p| {
            let vals = members.iter().map(|&m| parsed[m][c][p]);
            vals.clone().max().unwrap_or(0) - vals.min().unwrap_or(0) <= CHAIN
        })
    })
}

/// `_gutter_runs`: runs of lines with a gutter, blank lines between them
/// allowed, within `runs`, with `MIN_STRADDLE` such lines or more (a table is
/// judged on its own lines only: a text cleaned in chunks finds the same).
fn gutter_runs(lines: &[&str], gutter: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (lo, hi) in runs(lines) {
        let mut i = lo;
        while i < hi {
            if !gutter[i] {
                i += 1;
                continue;
            }
            let mut last = i;
            let mut count = 0;
            let mut j = i;
            while j < hi {
                if gutter[j] {
                    last = j;
                    count += 1;
                } else if !lines[j].chars().all(|c| c == ' ') {
                    break;
                }
                j += 1;
            }
            if count >= MIN_STRADDLE {
                out.push((i, last + 1));
            }
            i = last + 1;
        }
    }
    out
}

/// `_take_neighbour_rows`: also the lines right above and below the rows
/// (no blank line between) with as many cells, gutters between them.
fn take_neighbour_rows(run: &[Vec<char>], parsed: &[Vec<Seg>], rows: &mut [bool]) {
    let n = run.len();
    let like = |rows: &[bool], k: usize, row: usize| {
        !rows[k]
            && run[k].first() != Some(&'\u{c}')
            && !spaced_out(&parsed[k])
            && has_gutter(&run[k].iter().collect::<String>())
            && parsed[k].len() == parsed[row].len()
    };
    for i in 1..n {
        if rows[i - 1] && like(rows, i, i - 1) {
            rows[i] = true;
        }
    }
    for i in (0..n.saturating_sub(1)).rev() {
        if rows[i + 1] && like(rows, i, i + 1) {
            rows[i] = true;
        }
    }
}

/// `FENCE.match`: up to three spaces, then ``` or ~~~.
fn is_fence(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    line.len() - rest.len() <= 3 && (rest.starts_with("```") || rest.starts_with("~~~"))
}

/// `_runs`
fn runs(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut lo: Option<usize> = None;
    let mut last = 0usize;
    let mut fenced = false;
    for (i, line) in lines.iter().enumerate() {
        let breaks = if is_fence(line) {
            fenced = !fenced;
            true
        } else {
            fenced || line.chars().any(table_mark)
        };
        let blank = !breaks && line.chars().all(|c| c == ' ');
        if blank {
            if let Some(l) = lo {
                if i - last > MAX_BLANK_GAP {
                    out.push((l, last + 1));
                    lo = None;
                }
            }
            continue;
        }
        if breaks || line.starts_with('\u{c}') {
            if let Some(l) = lo {
                out.push((l, last + 1));
            }
            lo = None;
            if breaks || line.chars().all(|c| c == ' ' || c == '\u{c}') {
                continue;
            }
        }
        match lo {
            None => lo = Some(i),
            Some(l) => {
                if i - last > MAX_BLANK_GAP + 1 {
                    out.push((l, last + 1));
                    lo = Some(i);
                }
            }
        }
        last = i;
    }
    if let Some(l) = lo {
        out.push((l, last + 1));
    }
    out
}

/// `_one_pass`: every run read column by column once; `None` if no change.
fn one_pass(text: &str) -> Option<String> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let spans = {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        runs(&refs)
    };
    let mut changed = false;
    for &(lo, hi) in spans.iter().rev() {
        if hi - lo < MIN_STRADDLE {
            continue;
        }
        if lines[lo..hi].iter().filter(|l| has_gutter(l)).count() < MIN_STRADDLE {
            continue;
        }
        let mut run: Vec<Vec<char>> = lines[lo..hi].iter().map(|l| l.chars().collect()).collect();
        let ff: usize = run[0].iter().take_while(|&&c| c == '\u{c}').count();
        run[0].drain(..ff);
        let Some(mut new) = rewrite_run(&run) else {
            continue;
        };
        new[0].insert_str(0, &"\u{c}".repeat(ff));
        lines.splice(lo..hi, new);
        changed = true;
    }
    if changed {
        Some(lines.join("\n"))
    } else {
        None
    }
}

/// `columns`: read side-by-side columns of prose column by column.
fn columns<'a>(text: &'a str, _options: &Options) -> Option<Cow<'a, str>> {
    let mut out: Cow<'a, str> = Cow::Borrowed(text);
    for _ in 0..MAX_PASSES {
        if !has_gutter(&out) {
            break;
        }
        match one_pass(&out) {
            None => break,
            Some(new) => out = Cow::Owned(new),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        columns(text, &Options::default()).expect("handled").into_owned()
    }

    #[test]
    fn reads_two_columns_down() {
        let text = "我国农业生产继续保持    全年粮食产量再创新\n\
                    稳定增长的良好势头，    高，达到一万三千亿\n\
                    各地农民收入稳步提高    斤，比上年增长两个百\n";
        assert_eq!(
            run(text),
            "我国农业生产继续保持\n稳定增长的良好势头，\n各地农民收入稳步提高\n全年粮食产量再创新\n高，达到一万三千亿\n斤，比上年增长两个百\n"
        );
    }

    #[test]
    fn leaves_tables_alone() {
        let table = "地区        人口（万人）    增长率\n东城区      70.8            -1.2%\n西城区      110.4           -0.8%\n朝阳区      308.3           2.1%\n";
        assert!(matches!(columns(table, &Options::default()), Some(Cow::Borrowed(_))));
    }

    #[test]
    fn widths_follow_python() {
        assert_eq!(char_width('中'), 2);
        assert_eq!(char_width('，'), 2);
        assert_eq!(char_width('A'), 1);
        assert_eq!(char_width('Ａ'), 2);
        assert_eq!(char_width('“'), 1);
        assert_eq!(
            segments(&"温济泽    博古在莫斯科".chars().collect::<Vec<_>>()),
            vec![[0, 3, 0, 6], [7, 13, 10, 22]]
        );
    }
}
