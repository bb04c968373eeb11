/** Tests of the bench load generator: etcd JSON, the CAS loop, the keep-alive client, CPU and result lines. */
package io.tally.cli.bench;
