//! The order the solver types values in: the strongly connected components of the value
//! dependency graph (loops make cycles through phis), each after every one it depends on.

use std::collections::HashMap;

use crate::ir::Value;

/// Tarjan's algorithm: the strongly connected components of the graph `nodes` → `edges(node)`,
/// each emitted after every component it depends on.
pub(super) fn tarjan(nodes: &[Value], edges: impl Fn(Value) -> Vec<Value>) -> Vec<Vec<Value>> {
    struct State {
        index: HashMap<Value, usize>,
        low: HashMap<Value, usize>,
        on_stack: HashMap<Value, bool>,
        stack: Vec<Value>,
        next: usize,
        out: Vec<Vec<Value>>,
    }
    let in_graph: std::collections::HashSet<Value> = nodes.iter().copied().collect();
    let mut st = State {
        index: HashMap::new(),
        low: HashMap::new(),
        on_stack: HashMap::new(),
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    // Iterative DFS to stay safe on long functions.
    for &root in nodes {
        if st.index.contains_key(&root) {
            continue;
        }
        let mut work: Vec<(Value, Vec<Value>, usize)> = Vec::new();
        let succ = |v: Value| {
            edges(v)
                .into_iter()
                .filter(|w| in_graph.contains(w))
                .collect::<Vec<_>>()
        };
        st.index.insert(root, st.next);
        st.low.insert(root, st.next);
        st.next += 1;
        st.stack.push(root);
        st.on_stack.insert(root, true);
        work.push((root, succ(root), 0));
        while let Some((v, succs, i)) = work.pop() {
            if i < succs.len() {
                let w = succs[i];
                work.push((v, succs.clone(), i + 1));
                if !st.index.contains_key(&w) {
                    st.index.insert(w, st.next);
                    st.low.insert(w, st.next);
                    st.next += 1;
                    st.stack.push(w);
                    st.on_stack.insert(w, true);
                    work.push((w, succ(w), 0));
                } else if st.on_stack.get(&w).copied().unwrap_or(false) {
                    let lw = st.index[&w];
                    let lv = st.low[&v];
                    st.low.insert(v, lv.min(lw));
                }
            } else {
                if st.low[&v] == st.index[&v] {
                    let mut comp = Vec::new();
                    loop {
                        let w = st.stack.pop().expect("tarjan stack");
                        st.on_stack.insert(w, false);
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    comp.sort();
                    st.out.push(comp);
                }
                if let Some((parent, _, _)) = work.last() {
                    let lp = st.low[parent];
                    let lv = st.low[&v];
                    st.low.insert(*parent, lp.min(lv));
                }
            }
        }
    }
    st.out
}
