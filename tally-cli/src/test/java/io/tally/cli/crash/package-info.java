/**
 * Helpers of the crash/restart loop ({@code CrashLoopIT}): how one HTTP attempt of a write is read (answered, certainly
 * not applied, or unknown), the recorded history and its file form, and the check that a counter's final value is the
 * acknowledged increments plus some subset of the unknown ones. Pure except {@link io.tally.cli.crash.History#save}.
 */
package io.tally.cli.crash;
