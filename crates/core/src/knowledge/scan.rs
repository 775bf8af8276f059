//! The one reading of a `faq/` directory, used by loading, the start-up fingerprint and the copy
//! into an index generation, so the three can never disagree about what `faq/` holds.
//!
//! Only `*.toml` names count. A file is read only when its metadata says it is safe to: a regular
//! file (a FIFO or a device would block or never end), no larger than [`MAX_FILE_BYTES`] (checked
//! before reading, so a huge or sparse file costs nothing), and not a symlink leading out of the
//! folder. A refused file is reported by name with what is wrong, never with what it holds.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::load::Problem;

/// Files larger than this are refused: faq/ is hand-written prose, not data.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One file of `faq/` that passed the rules, with its bytes.
#[derive(Debug, Clone)]
pub struct FaqFile {
    /// Its path (under the scanned directory).
    pub path: PathBuf,
    /// Its file name.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// What a scan found: the files it read, in name order, and a problem for each it refused.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// The files read.
    pub files: Vec<FaqFile>,
    /// The files refused.
    pub problems: Vec<Problem>,
}

impl Scan {
    /// A hash of every file read (name, length, bytes) and every file refused (name, why):
    /// whether the index on disk is current. A refused file changes it, so start-up notices a
    /// FIFO or a huge file that appeared, tries a build and says what is wrong.
    pub fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        for f in &self.files {
            hasher.update(f.name.as_bytes());
            hasher.update([0]);
            hasher.update((f.bytes.len() as u64).to_le_bytes());
            hasher.update(&f.bytes);
        }
        for p in &self.problems {
            hasher.update([1]);
            hasher.update(p.file.as_bytes());
            hasher.update([0]);
            hasher.update(p.message.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Reads every `*.toml` file of `dir` that the rules allow. `Err` when `dir` itself cannot be
/// listed.
pub fn scan_dir(dir: &Path) -> Result<Scan, Problem> {
    let dir_problem = |message: String| Problem {
        file: dir.display().to_string(),
        line: 1,
        message,
    };
    let listing =
        fs::read_dir(dir).map_err(|e| dir_problem(format!("cannot read directory: {e}")))?;
    let mut paths: Vec<PathBuf> = listing
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    // Where links may lead: inside the folder itself.
    let root = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut scan = Scan::default();
    for path in paths {
        match read_file(&path, &root) {
            Ok(bytes) => scan.files.push(FaqFile {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                path,
                bytes,
            }),
            Err(message) => scan.problems.push(Problem {
                file: path.display().to_string(),
                line: 1,
                message,
            }),
        }
    }
    Ok(scan)
}

/// The bytes of one file, or why it is refused.
fn read_file(path: &Path, root: &Path) -> Result<Vec<u8>, String> {
    let link = fs::symlink_metadata(path).map_err(|e| format!("cannot read file: {e}"))?;
    if link.file_type().is_symlink() {
        let target = fs::canonicalize(path).map_err(|_| "a link to nothing".to_string())?;
        if !target.starts_with(root) {
            return Err(
                "a link that leads out of the folder; only files inside it are read".into(),
            );
        }
    }
    let meta = fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "file is {} bytes, over the limit of {MAX_FILE_BYTES} bytes",
            meta.len()
        ));
    }
    let file = fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded even if the file grows between the check and the read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("file is over the limit of {MAX_FILE_BYTES} bytes"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_toml_files_inside_the_folder_are_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.toml"), "password = \"hunter2\"").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "x = 1").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        std::fs::create_dir(dir.path().join("sub.toml")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("a.toml"), dir.path().join("b.toml"))
                .unwrap();
            std::os::unix::fs::symlink(
                outside.path().join("secret.toml"),
                dir.path().join("c.toml"),
            )
            .unwrap();
        }
        let scan = scan_dir(dir.path()).unwrap();
        let read: Vec<&str> = scan.files.iter().map(|f| f.name.as_str()).collect();
        let refused: Vec<String> = scan.problems.iter().map(|p| p.to_string()).collect();
        #[cfg(unix)]
        {
            assert_eq!(read, ["a.toml", "b.toml"]);
            assert_eq!(refused.len(), 2, "{refused:?}");
            assert!(
                refused[0].contains("c.toml:1: a link that leads out"),
                "{refused:?}"
            );
        }
        assert!(refused
            .iter()
            .any(|p| p.contains("sub.toml:1: not a regular file")));
        assert!(refused.iter().all(|p| !p.contains("hunter2")));
    }

    #[test]
    fn an_oversized_file_is_refused_from_its_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let f = std::fs::File::create(dir.path().join("huge.toml")).unwrap();
        // Sparse: a gigabyte-sized file that takes no room and is never read.
        f.set_len(1 << 30).unwrap();
        let scan = scan_dir(dir.path()).unwrap();
        assert!(scan.files.is_empty());
        assert!(scan.problems[0].message.contains("over the limit"));
    }

    #[test]
    fn the_fingerprint_changes_with_content_and_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "x = 1").unwrap();
        let one = scan_dir(dir.path()).unwrap().fingerprint();
        std::fs::write(dir.path().join("a.toml"), "x = 2").unwrap();
        let two = scan_dir(dir.path()).unwrap().fingerprint();
        assert_ne!(one, two);
        assert_eq!(two, scan_dir(dir.path()).unwrap().fingerprint());
        std::fs::create_dir(dir.path().join("odd.toml")).unwrap();
        assert_ne!(
            two,
            scan_dir(dir.path()).unwrap().fingerprint(),
            "a refused file counts"
        );
    }
}
