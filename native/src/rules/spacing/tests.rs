//! Before/after pairs from the reference's doctests and tests.

use super::*;

fn load_tables() {
    let mut words = WeightTable::new();
    for (w, f) in [("图书馆", 3e-5), ("图书", 1e-4), ("人民", 1e-3), ("中国人", 1e-4), ("发展", 1e-3), ("gdp", 2e-5)] {
        words.insert(w.to_owned(), f);
    }
    tables::set_weights(WORDS_TABLE, words);
    let mut changes = WeightTable::new();
    for c in ["發", "圖", "書", "館", "國", "覆"] {
        changes.insert(c.to_owned(), 1.0);
    }
    tables::set_weights(T2S_CHANGES_TABLE, changes);
}

fn fix(text: &str, pangu: bool) -> String {
    load_tables();
    cjk_space(text, &Options { pangu, dashes: false }).expect("handled").into_owned()
}

#[test]
fn removes_layout_spaces() {
    for (before, after) in [
        ("近日， 市统计局通过热线。", "近日，市统计局通过热线。"),
        ("九县（市、区）各 100 名、全市共 1000 名", "九县（市、区）各100名、全市共1000名"),
        ("何怀宏，哲学博 士 ， 1 9 5 4 年生。", "何怀宏，哲学博士，1954年生。"),
        ("全 国 人 民 代 表 大 会", "全国人民代表大会"),
        ("（资料图片） 记者 雷宁 摄", "（资料图片）记者 雷宁 摄"),
        ("我们参观了图书 馆藏书，很高兴。", "我们参观了图书馆藏书，很高兴。"),
        ("  缩进的行，  ", "缩进的行，"),
        ("\u{3000}\u{3000}", ""),
        ("增长 3 . 5 亿元。", "增长3.5亿元。"),
        ("增长3 .5亿元。", "增长3.5亿元。"),
        ("约 2 ／ 3 的人", "约2／3的人"),
        ("第 1 . 2 . 3 条", "第1.2.3条"),
        ("完成3. 5月份开始", "完成3. 5月份开始"),
        ("见3 . 5a节", "见3 . 5a节"),
        ("今年 G D P 增长", "今年GDP增长"),
        ("今年推进的 重点项目，共十个。", "今年推进的重点项目，共十个。"),
        ("他说 重点项目“共有”十个。", "他说 重点项目“共有”十个。"),
        ("选项 A B C 中", "选项A B C中"),
    ] {
        assert_eq!(fix(before, false), after, "{before:?}");
    }
}

#[test]
fn keeps_deliberate_spaces() {
    for text in [
        "本报讯 7月29日晚，省委召开会议。",
        "立足生态优势 打造休闲小镇",
        "■ 详见今日三版",
        "New York 2018",
        "提出“青山绿水 美丽家园”的口号，群众纷纷响应。",
        "某某市委书记 王明",
        "```\n近日， 市统计局\n```",
        "",
    ] {
        assert_eq!(fix(text, false), text, "{text:?}");
    }
}

#[test]
fn pangu() {
    assert_eq!(fix("各100名", true), "各 100 名");
    assert_eq!(fix("各 100 名", true), "各 100 名");
    assert_eq!(fix("用Python写", true), "用 Python 写");
}

#[test]
fn defers_a_word_that_needs_opencc() {
    // a traditional word that is not in the list as it is: OpenCC's business
    load_tables();
    let out = cjk_space("我們參觀了圖書 館藏書，很高興。", &Options::default());
    assert!(out.is_none());
}

/// Throughput on a text and tables dumped by the differential scripts:
/// `cargo test --release --features spacing -- --ignored --nocapture bench`.
#[test]
#[ignore]
fn bench() {
    let Ok(text) = std::fs::read_to_string("/tmp/spacing-bench.txt") else { return };
    let words = std::fs::read_to_string("/tmp/spacing-words.tsv").unwrap();
    let mut table = WeightTable::new();
    for line in words.lines() {
        let (w, f) = line.split_once('\t').unwrap();
        table.insert(w.to_owned(), f.parse().unwrap());
    }
    tables::set_weights(WORDS_TABLE, table);
    let changes = std::fs::read_to_string("/tmp/spacing-changes.txt").unwrap();
    tables::set_weights(T2S_CHANGES_TABLE, changes.chars().map(|c| (c.to_string(), 1.0)).collect());
    // (the indexes of the tables are built on first need)
    assert!(cjk_space("中国 人民，好。", &Options::default()).is_some());
    let modes: &[bool] = match std::env::var("SPACING_BENCH_PANGU").as_deref() {
        Ok("0") => &[false],
        Ok("1") => &[true],
        _ => &[false, true],
    };
    for &pangu in modes {
        let options = Options { pangu, dashes: false };
        let mut best = f64::MAX;
        let iters: usize = std::env::var("SPACING_BENCH_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
        for _ in 0..iters {
            let t = std::time::Instant::now();
            let out = cjk_space(&text, &options);
            assert!(out.is_some());
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("pangu={pangu}: {:.0} MB/s", text.len() as f64 / 1e6 / best);
    }
}
