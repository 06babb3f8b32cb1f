//! `pbgdpl init DIR`: writes a new content repository from the skeleton embedded in the binary
//! (`src/cmd/init/skeleton/`), one sample item in every section. Never writes into a folder that
//! already has files, so nothing of an editor's can be overwritten.

use include_dir::{include_dir, Dir};
use std::path::Path;

static SKELETON: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cmd/init/skeleton");

pub fn run(dir: &Path) -> i32 {
    match init(dir) {
        Ok(count) => {
            println!(
                "Đã tạo kho nội dung mới tại {} ({count} tệp).",
                dir.display()
            );
            println!(
                "Bước tiếp theo: sửa {}/site.yaml, rồi chạy `pbgdpl build {}`.",
                dir.display(),
                dir.display()
            );
            0
        }
        Err(message) => super::fail(message),
    }
}

/// Writes the skeleton into `dir`; returns the number of files written.
pub fn init(dir: &Path) -> Result<usize, String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("không đọc được {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "thư mục {} đã có tệp; `pbgdpl init` chỉ tạo kho trong thư mục mới hoặc trống để không ghi đè gì của bạn.\n    → cách sửa: chọn một tên thư mục khác, ví dụ `pbgdpl init trang-pbgdpl`.",
                dir.display()
            ));
        }
    }
    let mut count = 0;
    write_dir(&SKELETON, dir, &mut count)?;
    Ok(count)
}

fn write_dir(src: &Dir<'_>, dest: &Path, count: &mut usize) -> Result<(), String> {
    for file in src.files() {
        let target = dest.join(file.path());
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("không tạo được {}: {e}", parent.display()))?;
        }
        if file.path().file_name().is_some_and(|n| n == ".gitkeep") {
            continue;
        }
        std::fs::write(&target, file.contents())
            .map_err(|e| format!("không ghi được {}: {e}", target.display()))?;
        *count += 1;
    }
    for sub in src.dirs() {
        write_dir(sub, dest, count)?;
    }
    Ok(())
}
