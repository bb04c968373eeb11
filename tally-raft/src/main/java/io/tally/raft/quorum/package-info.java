/** Pure quorum and timing maths used by the Raft core (majority and joint commit index, votes, leases, windows). */
package io.tally.raft.quorum;
