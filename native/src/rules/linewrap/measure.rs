//! Column measures of `cleantext.linewrap`: the column width around each
//! line from the widths of its neighbours (`_measures`, `_measures_of`,
//! `_column_places`, `_local_measures`), and the window helpers.

use super::chars::is_latin_or_digit;
use super::line::{ends_long, head_width, tolerance, Line};
use super::special::End;

const MIN_COLUMN: f64 = 7.0;
/// `_MAX_COLUMN`: no printed column measures more.
const MAX_COLUMN: f64 = 60.0;
const REACH: usize = 14;
const WIDE_REACH: usize = 24;
const GAP_REACH: usize = 10;
pub const INDENT_REACH: usize = 24;
const LOCAL_REACH: usize = 24;
const MIN_SPAN: usize = 20;
const SPAN: usize = 2 * WIDE_REACH;
const MIN_WINDOW: usize = REACH + 1;
const DENSE_OPENS: f64 = 0.3;

/// `bisect_left`.
#[inline]
fn lower(v: &[f64], x: f64) -> usize {
    v.partition_point(|&y| y < x)
}

/// `bisect_right`.
#[inline]
fn upper(v: &[f64], x: f64) -> usize {
    v.partition_point(|&y| y <= x)
}

/// `_column_of_sorted`: the candidate with the most lines in its range
/// (the widest on a tie), its range's ends found by two pointers (the top
/// `v + 0.25` only grows with `v`; the bottom `v - tolerance(v)` nearly).
fn column_of_sorted(allw: &[f64], open_ws: &[f64]) -> Option<f64> {
    let len = allw.len();
    let start = lower(allw, MIN_COLUMN);
    if len - start < 3 {
        return None;
    }
    let mut best = 0usize;
    let mut measure = allw[start];
    let (mut lo, mut hi) = (start, start);
    let mut i = start;
    while i < len {
        let v = allw[i];
        let up = v + 0.25;
        while hi < len && allw[hi] <= up {
            hi += 1;
        }
        let x = v - tolerance(v);
        while lo > start && allw[lo - 1] >= x {
            lo -= 1;
        }
        while lo < len && allw[lo] < x {
            lo += 1;
        }
        let count = hi - lo;
        if count >= best {
            best = count;
            measure = v;
        }
        // the next distinct width
        i += 1;
        while i < len && allw[i] == v {
            i += 1;
        }
    }
    column_check(allw, open_ws, best, measure)
}

/// `_column_check`.
fn column_check(allw: &[f64], open_ws: &[f64], best: usize, measure: f64) -> Option<f64> {
    let total = allw.len() as f64;
    if best < 3 || (best as f64) < 0.34 * total || measure > MAX_COLUMN {
        return None;
    }
    let tol = tolerance(measure);
    let (bottom, top) = (measure - tol, measure + 0.25);
    let near = upper(allw, top) - lower(allw, bottom);
    let wide = if 2.0 >= 2.0 * tol { 2.0 } else { 2.0 * tol };
    let wider = allw.len() - upper(allw, measure + wide);
    let open_full = upper(open_ws, top) - lower(open_ws, bottom);
    let need = if 2.0 >= 0.3 * near as f64 { 2.0 } else { 0.3 * near as f64 };
    if near < 3 || (near as f64) < 0.34 * total || (wider as f64) > 0.25 * total || (open_full as f64) < need {
        return None;
    }
    Some(measure)
}

/// `_open_cluster`.
fn open_cluster(ws: &[f64], need: f64) -> bool {
    let k = ((need + 0.999) as usize).max(2) - 1;
    if ws.len() < k + 1 {
        return false;
    }
    for i in (0..ws.len() - k).rev() {
        let top = ws[i + k];
        if top - ws[i] <= tolerance(top) + 0.25 {
            return true;
        }
    }
    false
}

/// For every candidate measure (a width of the run, `_MIN_COLUMN` or
/// more), the candidates whose range `[v - tolerance(v), v + 0.25]` holds
/// it (`_measures_in`'s `covers`), so that a window keeps, for every
/// candidate, how many of its lines lie in the candidate's range.
struct Covers {
    cand: Vec<f64>,
    /// each line's candidate (its width), -1 below `_MIN_COLUMN`
    rank: Vec<i32>,
    /// `list[start[r]..start[r + 1]]`: the candidates covering rank r
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Covers {
    /// None where the ranges overlap too much (hostile widths): each
    /// window is then measured directly.
    fn new(widths: &[f64]) -> Option<Covers> {
        let n = widths.len();
        let mut cand: Vec<f64> = widths.iter().copied().filter(|&w| w >= MIN_COLUMN).collect();
        cand.sort_by(|a, b| a.partial_cmp(b).expect("a width"));
        cand.dedup();
        let spans: Vec<(usize, usize)> =
            cand.iter().map(|&v| (lower(&cand, v - tolerance(v)), upper(&cand, v + 0.25))).collect();
        if spans.iter().map(|(a, b)| b - a).sum::<usize>() > 64 * n {
            return None;
        }
        let mut count = vec![0u32; cand.len() + 1];
        for &(a, b) in &spans {
            for c in &mut count[a..b] {
                *c += 1;
            }
        }
        let mut start = Vec::with_capacity(cand.len() + 1);
        let mut acc = 0u32;
        for &c in &count[..cand.len()] {
            start.push(acc);
            acc += c;
        }
        start.push(acc);
        let mut fill: Vec<u32> = start[..cand.len()].to_vec();
        let mut list = vec![0u32; acc as usize];
        for (i, &(a, b)) in spans.iter().enumerate() {
            for f in &mut fill[a..b] {
                list[*f as usize] = i as u32;
                *f += 1;
            }
        }
        let rank = widths
            .iter()
            .map(|&w| if w >= MIN_COLUMN { lower(&cand, w) as i32 } else { -1 })
            .collect();
        Some(Covers { cand, rank, start, list })
    }

    #[inline]
    fn of(&self, r: usize) -> &[u32] {
        &self.list[self.start[r] as usize..self.start[r + 1] as usize]
    }
}

/// A window `[lo, hi)` of lines, its widths and open lines' widths sorted,
/// and (with [`Covers`]) the number of its lines in each candidate's range.
struct Win {
    lo: usize,
    hi: usize,
    allw: Vec<f64>,
    open_ws: Vec<f64>,
    counts: Vec<u32>,
}

impl Win {
    fn new(candidates: usize) -> Self {
        Win {
            lo: 0,
            hi: 0,
            allw: Vec::with_capacity(64),
            open_ws: Vec::with_capacity(64),
            counts: vec![0; candidates],
        }
    }

    #[inline]
    fn count(&mut self, covers: Option<&Covers>, k: usize, add: bool) {
        if let Some(c) = covers {
            let r = c.rank[k];
            if r >= 0 {
                for &i in c.of(r as usize) {
                    if add {
                        self.counts[i as usize] += 1;
                    } else {
                        self.counts[i as usize] -= 1;
                    }
                }
            }
        }
    }

    fn move_to(&mut self, widths: &[f64], flags: &[bool], covers: Option<&Covers>, lo: usize, hi: usize) {
        if lo >= self.hi || lo < self.lo || hi < self.hi {
            for k in self.lo..self.hi {
                self.count(covers, k, false);
            }
            self.allw.clear();
            self.open_ws.clear();
            self.lo = lo;
            self.hi = lo;
        }
        for k in self.hi..hi {
            let w = widths[k];
            let p = lower(&self.allw, w);
            self.allw.insert(p, w);
            if flags[k] {
                let p = lower(&self.open_ws, w);
                self.open_ws.insert(p, w);
            }
            self.count(covers, k, true);
        }
        for k in self.lo..lo {
            let w = widths[k];
            let p = lower(&self.allw, w);
            self.allw.remove(p);
            if flags[k] {
                let p = lower(&self.open_ws, w);
                self.open_ws.remove(p);
            }
            self.count(covers, k, false);
        }
        self.lo = lo;
        self.hi = hi;
    }

    /// `_window_measure` of the window.
    fn measure(&self, covers: Option<&Covers>, need: f64, cluster: bool) -> Option<f64> {
        if (self.open_ws.len() as f64) < need {
            return None;
        }
        if cluster && !open_cluster(&self.open_ws, need) {
            return None;
        }
        let Some(c) = covers else {
            return column_of_sorted(&self.allw, &self.open_ws);
        };
        let start = lower(&self.allw, MIN_COLUMN);
        if self.allw.len() - start < 3 {
            return None;
        }
        // the most lines in range, the widest candidate on a tie, over
        // the widths the window holds
        let mut best: (u32, i32) = (0, -1);
        for &r in &c.rank[self.lo..self.hi] {
            if r >= 0 {
                let key = (self.counts[r as usize], r);
                if key > best {
                    best = key;
                }
            }
        }
        column_check(&self.allw, &self.open_ws, best.0 as usize, c.cand[best.1 as usize])
    }
}

/// `_measures_in`: every window measured, sliding along the run.
#[allow(clippy::needless_range_loop)]
fn measures_in(widths: &[f64], flags: &[bool]) -> Vec<Option<f64>> {
    let n = widths.len();
    let mut out = vec![None; n];
    if n < 3 {
        return out;
    }
    let mut opens = Vec::with_capacity(n + 1);
    let mut acc = 0usize;
    opens.push(0);
    for &f in flags {
        acc += f as usize;
        opens.push(acc);
    }
    if acc < 2 {
        return out;
    }
    let covers = Covers::new(widths);
    let covers = covers.as_ref();
    let c = covers.map_or(0, |c| c.cand.len());
    let mut wins = [Win::new(c), Win::new(c)];
    let mut measure = |lo: usize, hi: usize, cluster: bool| -> Option<f64> {
        let x = 0.1 * (hi - lo) as f64;
        let need = if 2.0 >= x { 2.0 } else { x };
        if ((opens[hi] - opens[lo]) as f64) < need {
            return None;
        }
        let win = &mut wins[if cluster { 0 } else { 1 }];
        win.move_to(widths, flags, covers, lo, hi);
        win.measure(covers, need, cluster)
    };
    let same = |a: usize, b: usize| widths[a] == widths[b] && flags[a] == flags[b];
    let mut last_wide: isize = -2;
    let mut m_last: Option<f64> = None;
    let mut m_wide: Option<f64> = None;
    for k in 0..n {
        let lo = k as isize - REACH as isize;
        let hi = k + REACH + 1;
        let mut m = if k > 0 && lo > 0 && hi <= n && same(lo as usize - 1, hi - 1) {
            m_last
        } else {
            measure(lo.max(0) as usize, hi.min(n), true)
        };
        m_last = m;
        if m.is_none() {
            let lo = k as isize - WIDE_REACH as isize;
            let hi = k + WIDE_REACH + 1;
            if last_wide == k as isize - 1 && lo > 0 && hi <= n && same(lo as usize - 1, hi - 1) {
                m = m_wide;
            } else {
                let (lo, hi) = (lo.max(0) as usize, hi.min(n));
                m = if hi - lo > MIN_SPAN { measure(lo, hi, false) } else { None };
            }
            last_wide = k as isize;
            m_wide = m;
        }
        out[k] = m;
    }
    out
}

/// `_pair_reach`.
fn pair_reach(w: f64) -> f64 {
    let a = w + 1.0;
    let b = (w + 0.25) / 0.94;
    tolerance(if a >= b { a } else { b }) + 0.26
}

/// `_column_places`: the spans of lines whose windows could show a column
/// (None: anywhere).
fn column_places(widths: &[f64], flags: &[bool]) -> Option<Vec<(usize, usize)>> {
    let n = widths.len();
    let opens: Vec<(usize, f64)> = widths
        .iter()
        .zip(flags)
        .enumerate()
        .filter(|(_, (&w, &f))| f && w >= 4.0)
        .map(|(k, (&w, _))| (k, w))
        .collect();
    let m = opens.len();
    if m as f64 > DENSE_OPENS * n as f64 {
        return None;
    }
    let smallest = n.min(MIN_WINDOW);
    let mut need = 3usize;
    while (need as f64) < 0.34 * smallest as f64 {
        need += 1;
    }
    let mut budget: i64 = 16 * n as i64 + 256;
    let mut places: Vec<(usize, usize)> = Vec::new();
    for a in 0..m.saturating_sub(1) {
        let (k, w) = opens[a];
        for &(k2, w2) in &opens[a + 1..] {
            if k2 - k > SPAN {
                break;
            }
            let (low, high) = if w <= w2 { (w, w2) } else { (w2, w) };
            let reach = pair_reach(low);
            budget -= 1;
            if high - low > reach {
                continue;
            }
            let span = &widths[k2.saturating_sub(SPAN)..(k + SPAN + 1).min(n)];
            budget -= span.len() as i64;
            if budget < 0 {
                return None;
            }
            let (bottom, top) = (high - reach, low + reach);
            if span.iter().filter(|&&x| bottom <= x && x <= top).count() >= need {
                places.push((k2.saturating_sub(WIDE_REACH), (n - 1).min(k + WIDE_REACH)));
                break;
            }
        }
    }
    places.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (first, last) in places {
        if let Some(top) = merged.last_mut() {
            if first <= top.1 + 1 {
                top.1 = top.1.max(last);
                continue;
            }
        }
        merged.push((first, last));
    }
    Some(merged)
}

/// `_measures_of`.
fn measures_of(widths: &[f64], flags: &[bool]) -> Vec<Option<f64>> {
    let n = widths.len();
    let Some(places) = column_places(widths, flags) else {
        return measures_in(widths, flags);
    };
    let mut out = vec![None; n];
    for (first, last) in places {
        let lo = first.saturating_sub(WIDE_REACH);
        let hi = n.min(last + WIDE_REACH + 1);
        if lo == 0 && hi == n {
            return measures_in(widths, flags);
        }
        let sub = measures_in(&widths[lo..hi], &flags[lo..hi]);
        out[first..=last].copy_from_slice(&sub[first - lo..=last - lo]);
    }
    out
}

/// Does any line show a column (`any(m is not None for m in
/// _measures_of(...))`)?
pub fn any_measure(widths: &[f64], flags: &[bool]) -> bool {
    measures_of(widths, flags).iter().any(Option::is_some)
}

/// `_measures`: the column measure around each line.
pub fn measures(lines: &[Line<'_>]) -> Vec<Option<f64>> {
    let flag = |ln: &Line<'_>| ln.end.runs_on() && ln.joinable;
    let kept: Vec<usize> =
        (0..lines.len()).filter(|&k| !(lines[k].overflow && ends_long(lines[k].content))).collect();
    if kept.len() == lines.len() {
        let widths: Vec<f64> = lines.iter().map(|l| l.width).collect();
        let flags: Vec<bool> = lines.iter().map(flag).collect();
        return measures_of(&widths, &flags);
    }
    let widths: Vec<f64> = kept.iter().map(|&k| lines[k].width).collect();
    let flags: Vec<bool> = kept.iter().map(|&k| flag(&lines[k])).collect();
    let sub = measures_of(&widths, &flags);
    let mut out: Vec<Option<f64>> = vec![None; lines.len()];
    for (&k, &m) in kept.iter().zip(&sub) {
        out[k] = m;
    }
    for k in 0..lines.len() {
        if out[k].is_none() && lines[k].overflow {
            out[k] = if k > 0 { out[k - 1] } else { sub.first().copied().flatten() };
        }
    }
    out
}

/// `_local_measures`: where no column shows, the widest width of each
/// block of adjacent lines that has two lines or more that wide.
pub fn local_measures(run: &[Line<'_>], measures: &[Option<f64>]) -> Vec<Option<f64>> {
    let n = run.len();
    let mut out = vec![None; n];
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && run[end].blank == 0 {
            end += 1;
        }
        if end - start >= 2 && measures[start..end].iter().any(Option::is_none) {
            // (a line that ends with a URL may stick out of the column: as
            // in `measures`, its width says nothing; it counts as none)
            let widths: Vec<f64> = run[start..end]
                .iter()
                .map(|l| if l.overflow && ends_long(l.content) { 0.0 } else { l.width })
                .collect();
            let mut full = widths.clone();
            for k in start..end - 1 {
                if run[k].end == End::Term {
                    continue;
                }
                let nxt = run[k + 1].content;
                let mut it = nxt.chars();
                let c0 = it.next();
                let c1 = it.next();
                let latin = c0.is_some_and(is_latin_or_digit);
                if latin || c1.is_some_and(super::chars::is_no_line_start) {
                    full[k - start] += if latin { head_width(nxt) } else { 1.0 };
                }
            }
            let short = end - start <= 2 * LOCAL_REACH + 1;
            let top_all = widths.iter().copied().fold(f64::NEG_INFINITY, pymax);
            for k in start..end {
                if measures[k].is_some() {
                    continue;
                }
                let (ws, top) = if short {
                    (&full[..], top_all)
                } else {
                    let a = (k - start).saturating_sub(LOCAL_REACH);
                    let b = (k - start + LOCAL_REACH + 1).min(end - start);
                    (&full[a..b], widths[a..b].iter().copied().fold(f64::NEG_INFINITY, pymax))
                };
                let floor = top - tolerance(top);
                if ws.iter().filter(|&&w| w >= floor).count() >= 2 {
                    out[k] = Some(top);
                }
            }
        }
        start = end;
    }
    out
}

/// Python `max(a, b)` of two floats (the first on a tie).
#[inline]
fn pymax(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// `_near`: for each position, how many of `flags` within `reach` are set.
pub fn near(flags: &[bool], reach: usize) -> Vec<usize> {
    let n = flags.len();
    let mut acc = Vec::with_capacity(n + 1);
    let mut s = 0usize;
    acc.push(0);
    for &f in flags {
        s += f as usize;
        acc.push(s);
    }
    (0..n).map(|k| acc[(k + reach + 1).min(n)] - acc[k.saturating_sub(reach)]).collect()
}

/// `_gap_evidence`: blank lines that say nothing set to 0 (`runs_on`:
/// whether each line stops in mid-sentence; where, within reach, more of
/// those are followed by an adjacent line than by a blank line, the blank
/// lines stand between paragraphs and stay).
pub fn gap_evidence(gaps: &[usize], runs_on: &[bool]) -> Vec<usize> {
    let n = gaps.len();
    if gaps.iter().all(|&g| g == 0) {
        return gaps.to_vec();
    }
    let flags: Vec<bool> = gaps.iter().map(|&g| g > 0).collect();
    let nr = near(&flags, GAP_REACH);
    // the breaks after a line that stops in mid-sentence: with a blank
    // line, and without one
    let after_run_on = |k: usize| k > 0 && runs_on[k - 1];
    let wrapped_gap: Vec<bool> = (0..n).map(|k| after_run_on(k) && gaps[k] > 0).collect();
    let wrapped_adjacent: Vec<bool> = (0..n).map(|k| after_run_on(k) && gaps[k] == 0).collect();
    let wg = near(&wrapped_gap, GAP_REACH);
    let wa = near(&wrapped_adjacent, GAP_REACH);
    gaps.iter()
        .enumerate()
        .map(|(k, &g)| {
            let span = (k + GAP_REACH + 1).min(n) - k.saturating_sub(GAP_REACH);
            if g > 0 && nr[k] as f64 > 0.5 * span as f64 && wa[k] <= wg[k] {
                0
            } else {
                g
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_small() {
        let m = measures_of(&[9.0, 9.0, 9.0, 9.0, 4.0], &[true, true, false, true, false]);
        assert_eq!(m, vec![Some(9.0); 5]);
        assert_eq!(near(&[true, false, false, true, true], 1), vec![1, 1, 1, 2, 2]);
        assert_eq!(gap_evidence(&[0, 1, 1, 1, 0], &[false; 5]), vec![0, 0, 0, 0, 0]);
        assert_eq!(gap_evidence(&[0, 0, 0, 0, 2], &[false; 5]), vec![0, 0, 0, 0, 2]);
        assert_eq!(gap_evidence(&[0, 1, 1, 0, 0], &[false, false, false, true, true]), vec![0, 1, 1, 0, 0]);
        let ends = [true, false, false, true, false, false, false, false, false, false, false, false];
        let mut w = vec![9.0; 10];
        w.extend([30.0, 3.0]);
        assert_eq!(column_places(&w, &ends), Some(vec![(0, 11)]));
        assert_eq!(column_places(&[9.0; 12], &[true; 12]), None);
    }
}
