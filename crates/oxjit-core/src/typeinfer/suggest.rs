//! "Did you mean" for names and attributes that do not exist: CPython's own choice of the closest
//! name (`Python/suggestions.c`: a Levenshtein distance where a move costs 2 and a change of case
//! 1, at most a third of the characters changed).

use crate::types::Type;

const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;
const MAX_STRING_SIZE: usize = 40;
const MAX_CANDIDATE_ITEMS: usize = 750;

fn substitution_cost(a: u8, b: u8) -> usize {
    if a & 31 != b & 31 {
        return MOVE_COST;
    }
    if a == b {
        0
    } else if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The edit distance of `a` and `b`, or something above `max_cost` once it is sure to exceed it.
fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    if a == b {
        return 0;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mut a, mut b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &bc) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(bc, ac);
            distance = row[ai];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The candidate closest to `name`, as CPython would suggest it.
pub fn closest<'a>(name: &str, candidates: &'a [String]) -> Option<&'a str> {
    if candidates.len() > MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for item in candidates {
        if item == name {
            continue;
        }
        let mut max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((_, d)) = best {
            max_distance = max_distance.min(d.saturating_sub(1));
        }
        let d = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if d > max_distance {
            continue;
        }
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((item, d));
        }
    }
    best.map(|(s, _)| s)
}

/// `". Did you mean: 'x'?"` (CPython's wording) when some candidate is close, else nothing.
pub fn did_you_mean(name: &str, groups: &[Vec<String>]) -> String {
    groups
        .iter()
        .find_map(|g| closest(name, g))
        .map(|s| format!(". Did you mean: '{s}'?"))
        .unwrap_or_default()
}

/// The Python classes whose attributes a value of type `t` has (`float` and `numpy.float64` for
/// a float64), by importable path; empty where oxjit has no Python counterpart to ask.
pub fn python_classes(t: &Type) -> Vec<String> {
    let numpy = |name: String| format!("numpy.{name}");
    match t {
        Type::Array(_) => vec!["numpy.ndarray".into()],
        Type::Bool => vec!["builtins.bool".into(), "numpy.bool".into()],
        Type::Int(i) if i.bits == 64 && i.signed => {
            vec!["builtins.int".into(), "numpy.int64".into()]
        }
        Type::Float(64) => vec!["builtins.float".into(), "numpy.float64".into()],
        Type::Complex(128) => vec!["builtins.complex".into(), "numpy.complex128".into()],
        Type::Int(_) | Type::Float(_) | Type::Complex(_) => vec![numpy(t.to_string())],
        Type::Tuple(_) => vec!["builtins.tuple".into()],
        Type::NoneType => vec!["builtins.NoneType".into()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn suggests_as_cpython() {
        let np = names(&["sqrt", "square", "sort", "sum", "shape", "size"]);
        assert_eq!(closest("sqr", &np), Some("sqrt"));
        assert_eq!(closest("shpe", &np), Some("shape"));
        assert_eq!(closest("summ", &np), Some("sum"));
        assert_eq!(closest("zzzzzz", &np), None);
        assert_eq!(closest("SUM", &np), Some("sum"));
    }
}
