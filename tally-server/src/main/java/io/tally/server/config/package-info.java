/**
 * Node configuration: the immutable {@link io.tally.server.config.NodeConfig} built and validated in one
 * place ({@link io.tally.server.config.NodeConfigLoader}) from command-line flags and a YAML file. Pure
 * functions of their input apart from reading the config file; callable from any thread.
 */
package io.tally.server.config;
