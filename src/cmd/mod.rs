//! The command line: one file per subcommand (as mdBook's `src/cmd/`).
