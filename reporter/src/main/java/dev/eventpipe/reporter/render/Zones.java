package dev.eventpipe.reporter.render;

import java.time.ZoneId;
import java.time.ZoneOffset;

final class Zones {

    private Zones() {
    }

    /** Whether a zone id means UTC all year ({@code UTC}, {@code Z}, {@code Etc/UTC}, ...). */
    static boolean isUtc(String zone) {
        return ZoneId.of(zone).normalized().equals(ZoneOffset.UTC);
    }
}
