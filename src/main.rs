use clap::Parser;

// A build allocates and frees millions of short strings on every core; glibc's allocator spends
// much of that time growing and trimming per-thread arenas (measured: mimalloc cuts the build's
// user time by 15–30% at 10k items, bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = pbgdpl::cmd::Cli::parse();
    if cli.is_one_shot() {
        keep_freed_memory();
    }
    std::process::exit(pbgdpl::cmd::run(cli));
}

/// Tells the allocator to keep freed memory instead of handing it back to the system after
/// a second (its default). A build frees and re-allocates large buffers (postings, page HTML) all
/// the time; each hand-back made the kernel zero the same 2 MB huge pages again (measured at
/// 10k items: minor page faults 3,000–18,000 → 700, 0.2–0.5 s of CPU). The process ends
/// soon after, so the memory is returned then; `serve` keeps the default, as it runs for hours.
fn keep_freed_memory() {
    // mi_option_purge_delay in mimalloc v3's option enum (libmimalloc-sys names only some).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: called before any other thread exists, as mi_option_set requires; -1 is the
    // documented "never purge" value.
    unsafe {
        // Its default (1000 ms) tells the index still names purge_delay after an upgrade.
        debug_assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 1000);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, -1)
    };
}
