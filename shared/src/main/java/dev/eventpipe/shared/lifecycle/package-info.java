/**
 * The execution environment's life cycle: SnapStart's checkpoint and restore, behind {@link
 * dev.eventpipe.shared.lifecycle.SnapStart}, the one class that touches the {@code org.crac} global context.
 */
package dev.eventpipe.shared.lifecycle;
