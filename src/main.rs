use clap::Parser;

// A build allocates and frees millions of short strings on every core; glibc's allocator spends
// much of that time growing and trimming per-thread arenas (measured: mimalloc cuts the build's
// user time by 15–30% at 10k items, bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = pbgdpl::cmd::Cli::parse();
    std::process::exit(pbgdpl::cmd::run(cli));
}
