/**
 * The node runtime: binds the pure protocol cores to threads, sockets and files. Sub-packages hold the
 * configuration ({@code config}), the data-dir identity and lock ({@code identity}), the single-threaded
 * node core and its event queue ({@code core}), the HTTP/JSON server ({@code http}) and the assembly of a
 * running node ({@code runtime}).
 */
package io.tally.server;
