//! The rule registry: every rule the native core implements, by the same
//! stable name as in the Python registry (`cleantext.rules.REGISTRY`).

use std::borrow::Cow;

/// The options of `cleantext.Config` that rules read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `cjk-space`: one space between Chinese and Latin letters or digits.
    pub pangu: bool,
    /// `punct-width`: also turn `--` between Chinese characters into `——`.
    pub dashes: bool,
}

/// A rule: the repaired text, borrowed when nothing changed; `None` when the
/// native port leaves this input to the Python reference (a case it does not
/// implement), which then runs the Python rule on it.  Every `None` costs a
/// round trip, so a port returns it only for rare inputs.
pub type RuleFn = for<'a> fn(&'a str, &Options) -> Option<Cow<'a, str>>;

#[cfg(feature = "columns")]
pub mod columns;
#[cfg(feature = "doubling")]
pub mod doubling;
#[cfg(feature = "hygiene")]
pub mod hygiene;
#[cfg(feature = "linewrap")]
pub mod linewrap;
#[cfg(feature = "mojibake")]
pub mod mojibake;
#[cfg(feature = "normalize")]
pub mod normalize;
#[cfg(feature = "ocr_repeat")]
pub mod ocr_repeat;
#[cfg(feature = "punctuation")]
pub mod punctuation;
#[cfg(feature = "spacing")]
pub mod spacing;
#[cfg(feature = "stray")]
pub mod stray;

/// Every rule built into this core, as `(name, function)`.
pub fn registry() -> Vec<(&'static str, RuleFn)> {
    #[allow(unused_mut)]
    let mut rules: Vec<(&'static str, RuleFn)> = Vec::new();
    #[cfg(feature = "mojibake")]
    rules.extend_from_slice(mojibake::RULES);
    #[cfg(feature = "hygiene")]
    rules.extend_from_slice(hygiene::RULES);
    #[cfg(feature = "normalize")]
    rules.extend_from_slice(normalize::RULES);
    #[cfg(feature = "columns")]
    rules.extend_from_slice(columns::RULES);
    #[cfg(feature = "doubling")]
    rules.extend_from_slice(doubling::RULES);
    #[cfg(feature = "linewrap")]
    rules.extend_from_slice(linewrap::RULES);
    #[cfg(feature = "punctuation")]
    rules.extend_from_slice(punctuation::RULES);
    #[cfg(feature = "stray")]
    rules.extend_from_slice(stray::RULES);
    #[cfg(feature = "spacing")]
    rules.extend_from_slice(spacing::RULES);
    #[cfg(feature = "ocr_repeat")]
    rules.extend_from_slice(ocr_repeat::RULES);
    rules
}

/// The rule called `name`, if this core has it.
pub fn find(name: &str) -> Option<RuleFn> {
    registry().into_iter().find(|(n, _)| *n == name).map(|(_, f)| f)
}

/// Run `steps` in order on `text`: the fused pipeline, one crossing of the
/// language boundary for the whole run.  Returns the text (borrowed when no
/// step changed it) and how many steps ran; fewer than all when a step left
/// its input to the Python reference (the caller runs that step in Python
/// and calls again with the rest).
pub fn run<'a>(text: &'a str, steps: &[RuleFn], options: &Options) -> (Cow<'a, str>, usize) {
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    for (done, step) in steps.iter().enumerate() {
        let next = match step(&current, options) {
            None => return (current, done),
            Some(Cow::Owned(changed)) => changed,
            Some(Cow::Borrowed(_)) => continue,
        };
        current = Cow::Owned(next);
    }
    (current, steps.len())
}

/// Run `steps` in order on `text` until one changes it: that step's output
/// and how many steps ran (the changing one included), or `None` and how
/// many ran when none changed it (fewer than all where a step left its input
/// to Python).  The caller can then free `text` before the rest runs on the
/// owned output ([`run_owned`]): one copy of the text less at the peak.
pub fn run_until_change(text: &str, steps: &[RuleFn], options: &Options) -> (Option<String>, usize) {
    for (done, step) in steps.iter().enumerate() {
        match step(text, options) {
            None => return (None, done),
            Some(Cow::Owned(changed)) => return (Some(changed), done + 1),
            Some(Cow::Borrowed(_)) => {}
        }
    }
    (None, steps.len())
}

/// [`run`] on text the pipeline owns: each step's input is freed as soon as
/// its output is there, so at most two copies of the text live at once.
pub fn run_owned(text: String, steps: &[RuleFn], options: &Options) -> (String, usize) {
    let mut current = text;
    for (done, step) in steps.iter().enumerate() {
        let next = match step(&current, options) {
            None => return (current, done),
            Some(Cow::Owned(changed)) => changed,
            Some(Cow::Borrowed(_)) => continue,
        };
        current = next;
    }
    (current, steps.len())
}
