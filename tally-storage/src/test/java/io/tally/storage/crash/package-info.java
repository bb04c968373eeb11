/** Real-process crash tests: a child JVM is killed with SIGKILL while writing, then the parent checks what survived. */
package io.tally.storage.crash;
