use clap::Parser;

fn main() {
    let cli = pbgdpl::cmd::Cli::parse();
    std::process::exit(pbgdpl::cmd::run(cli));
}
