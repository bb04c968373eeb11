/**
 * The load generator behind {@code tally bench}: a small Netty HTTP/1.1 keep-alive client ({@link
 * io.tally.cli.bench.HttpConnection}, one connection per client slot), the closed loop with warm-up and a measured
 * window ({@link io.tally.cli.bench.LoadRun}), the two targets it can drive with the same loop ({@link
 * io.tally.cli.bench.TallyTarget}, and {@link io.tally.cli.bench.EtcdTarget} through etcd's v3 JSON gateway, whose
 * counter is a compare-and-swap loop, {@link io.tally.cli.bench.CasLoop}), CPU accounting ({@link
 * io.tally.cli.bench.CpuMeter}) and the result line ({@link io.tally.cli.bench.ResultLine}).
 */
package io.tally.cli.bench;
