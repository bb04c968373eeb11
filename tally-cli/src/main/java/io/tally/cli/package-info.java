/** The {@code tally} command line: one class per subcommand, wired together by {@link io.tally.cli.Main}. */
package io.tally.cli;
