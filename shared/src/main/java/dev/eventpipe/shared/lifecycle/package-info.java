/**
 * The execution environment's life cycle: SnapStart's checkpoint and restore, behind {@link
 * dev.eventpipe.shared.lifecycle.SnapStart}, the one class that touches the {@code org.crac} global context;
 * and {@link dev.eventpipe.shared.lifecycle.DaemonThreads}, threads that never hold the JVM open at exit.
 */
package dev.eventpipe.shared.lifecycle;
