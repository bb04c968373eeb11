/** Test helpers of tally-store: a committing harness around the state machine, jqwik generators and workloads. */
package io.tally.store.testing;
