package dev.eventpipe.ingest.query;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where the query cache lives unless {@code --cache-dir} says: the platform's per-user cache directory. */
public final class CacheDirs {

    private CacheDirs() {
    }

    /**
     * {@code $XDG_CACHE_HOME/eventpipe/query} or {@code ~/.cache/eventpipe/query} (Linux and other Unixes),
     * {@code ~/Library/Caches/eventpipe/query} (macOS), {@code %LOCALAPPDATA%\eventpipe\cache\query} (Windows).
     */
    public static Path defaultDir(Map<String, String> env, String osName, String userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            Path base = local != null && !local.isBlank() ? Path.of(local) : Path.of(userHome, "AppData", "Local");
            return base.resolve("eventpipe").resolve("cache").resolve("query");
        }
        if (os.startsWith("mac")) {
            return Path.of(userHome, "Library", "Caches", "eventpipe", "query");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(userHome, ".cache");
        return base.resolve("eventpipe").resolve("query");
    }
}
