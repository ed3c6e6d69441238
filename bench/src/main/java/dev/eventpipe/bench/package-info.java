/** Benchmark harnesses: whole-transform throughput on generated data. Not tests, never packaged for Lambda. */
package dev.eventpipe.bench;
