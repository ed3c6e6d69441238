package dev.eventpipe.shared.rollup;

import java.util.List;

/** A roll-up, as far as {@link Coverage} needs it: the prefix it rolls up and the documents it covers. */
public interface Covering {

    /** The per-file prefix it rolls up, e.g. {@code processed-on/dt=2026-12-02/}. */
    String prefix();

    /** The documents merged into it, names relative to {@link #prefix()}. */
    List<Covered> covered();
}
