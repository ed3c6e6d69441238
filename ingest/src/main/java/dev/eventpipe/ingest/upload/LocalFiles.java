package dev.eventpipe.ingest.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which local files an upload takes: each path given is a file (uploaded under its name) or a directory
 * (walked recursively, each file under its path relative to that directory). Globs match the relative
 * path with {@code /} separators ({@code **}{@code /*.csv}, {@code *.tmp}); a file is taken when it matches
 * an include (or there are none) and no exclude. Hidden files and symbolic links to directories are
 * walked like any other; files that vanish during the walk are left out.
 */
public final class LocalFiles {

    private LocalFiles() {
    }

    /**
     * @param paths    files and directories
     * @param prefix   prepended to every key (a {@code /} is added when it lacks one and is not empty)
     * @param includes globs; empty means everything
     * @param excludes globs
     * @return the files in key order; a key seen twice keeps its first path
     * @throws IllegalArgumentException when a path does not exist
     */
    public static List<LocalFile> find(List<Path> paths, String prefix, List<String> includes, List<String> excludes) {
        FileSystem fs = FileSystems.getDefault();
        List<PathMatcher> in = includes.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
        List<PathMatcher> out = excludes.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
        String keyPrefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        Map<String, LocalFile> byKey = new LinkedHashMap<>();
        for (Path root : paths) {
            if (!Files.exists(root)) {
                throw new IllegalArgumentException("no such file or directory: " + root);
            }
            if (Files.isDirectory(root)) {
                for (Path file : walk(root)) {
                    String relative = slashes(root.relativize(file));
                    if (matches(relative, in, out)) {
                        add(byKey, file, keyPrefix + relative);
                    }
                }
            } else {
                String name = root.getFileName().toString();
                if (matches(name, in, out)) {
                    add(byKey, root, keyPrefix + name);
                }
            }
        }
        List<LocalFile> files = new ArrayList<>(byKey.values());
        files.sort(Comparator.comparing(LocalFile::key));
        return files;
    }

    private static void add(Map<String, LocalFile> byKey, Path file, String key) {
        try {
            byKey.putIfAbsent(key, new LocalFile(file, key, Files.size(file)));
        } catch (java.nio.file.NoSuchFileException gone) {
            // removed while walking: nothing to upload
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }

    private static List<Path> walk(Path root) {
        try (Stream<Path> s = Files.walk(root, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    static boolean matches(String relative, List<PathMatcher> includes, List<PathMatcher> excludes) {
        Path p = Path.of(relative);
        boolean included = includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(p) || m.matches(p.getFileName()));
        return included && excludes.stream().noneMatch(m -> m.matches(p) || m.matches(p.getFileName()));
    }

    private static String slashes(Path relative) {
        List<String> parts = new ArrayList<>();
        relative.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }
}
