//! The build id (`_oxjit.build_id()`): a hash of every Rust source of the workspace's crates and
//! of Cargo.lock. The on-disk cache keys its entries on it, so that machine code compiled by
//! another build of the same version (a development build, a patched wheel) never loads.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let crates = Path::new(&manifest)
        .parent()
        .expect("the crate lives in crates/")
        .to_path_buf();
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&crates)
        .expect("crates/ is readable")
        .map(|entry| entry.expect("a directory entry").path().join("src"))
        .filter(|src| src.is_dir())
        .collect();
    dirs.sort();
    for src in &dirs {
        // A directory: cargo reruns this script when anything under it changes.
        println!("cargo:rerun-if-changed={}", src.display());
        collect_sources(src, &mut files);
    }
    let lock = crates.with_file_name("Cargo.lock");
    if lock.is_file() {
        println!("cargo:rerun-if-changed={}", lock.display());
        files.push(lock);
    }
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        file.strip_prefix(crates.parent().unwrap_or(&crates))
            .unwrap_or(file)
            .hash(&mut hasher);
        std::fs::read(file)
            .expect("a source file is readable")
            .hash(&mut hasher);
    }
    println!("cargo:rustc-env=OXJIT_BUILD_ID={:016x}", hasher.finish());
}

fn collect_sources(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect_sources(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}
