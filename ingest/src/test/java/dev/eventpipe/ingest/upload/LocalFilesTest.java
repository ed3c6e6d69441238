package dev.eventpipe.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {

    @TempDir
    Path dir;

    private void touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, relative);
    }

    @Test
    void walksDirectoriesRecursively_withKeysRelativeToThem() throws IOException {
        touch("a.csv");
        touch("2026/11/b.json");

        List<LocalFile> files = LocalFiles.find(List.of(dir), "incoming", List.of(), List.of());

        assertThat(files).extracting(LocalFile::key).containsExactly("incoming/2026/11/b.json", "incoming/a.csv");
        assertThat(files.get(1).size()).isEqualTo("a.csv".length());
    }

    @Test
    void appliesIncludesThenExcludes_toThePathOrTheName() throws IOException {
        touch("a.csv");
        touch("deep/b.csv");
        touch("deep/c.json");
        touch("deep/skip.tmp.csv");

        List<LocalFile> files = LocalFiles.find(List.of(dir), "", List.of("*.csv"), List.of("*.tmp.csv"));

        assertThat(files).extracting(LocalFile::key).containsExactly("a.csv", "deep/b.csv");
    }

    @Test
    void takesAFileUnderItsName() throws IOException {
        touch("deep/one.csv");

        assertThat(LocalFiles.find(List.of(dir.resolve("deep/one.csv")), "in/", List.of(), List.of()))
                .extracting(LocalFile::key).containsExactly("in/one.csv");
    }

    @Test
    void refusesAPathThatDoesNotExist() {
        assertThatThrownBy(() -> LocalFiles.find(List.of(dir.resolve("nope")), "", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
