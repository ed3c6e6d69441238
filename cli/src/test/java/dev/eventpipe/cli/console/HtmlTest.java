package dev.eventpipe.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesEveryMarkupCharacter_andKeepsUnicode() {
        assertThat(Html.esc("<a href=\"x\" title='y'>&amp;</a> ü—日本")).isEqualTo(
                "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; ü—日本");
        assertThat(Html.esc("plain")).isEqualTo("plain");
    }

    @Test
    void filesPage_escapesKeysAndPrefix_andEncodesLinks() {
        FileRow row = Rows.row(1, "x/\"><script>alert(1)</script>", "processed", 1, 0, Instant.EPOCH, Instant.EPOCH);
        FilesView v = new FilesView(new Filter(LocalDate.of(2026, 11, 25), Optional.empty(), "\"><b>p", 1), List.of(row), 1, 1, true,
                true);

        String html = Pages.files(v, true);

        assertThat(html).doesNotContain("<script", "<b>p").contains("x/&quot;&gt;&lt;script&gt;",
                "value=\"&quot;&gt;&lt;b&gt;p\"", "prefix=%22%3E%3Cb%3Ep&amp;page=2");
    }

    @Test
    void chart_isAnInlineSvgWithoutStyleAttributes() {
        long[] v = new long[288];
        v[10] = 40;
        v[11] = 12_345;

        String svg = Charts.bars("files <per> 5 minutes", v, null);

        assertThat(svg).startsWith("<svg").contains("aria-label=\"files &lt;per&gt; 5 minutes\"", "12k", "<rect")
                .doesNotContain("style=");
        assertThat(svg.split("<rect", -1)).hasSize(3);
    }

    @Test
    void guard_acceptsOwnHostAndSameOriginPostsWithTheToken_only() {
        RequestGuard g = new RequestGuard(RequestGuard.loopbackHosts("127.0.0.1", 8070), "t0ken");

        assertThat(g.hostAllowed(Optional.of("127.0.0.1:8070"))).isTrue();
        assertThat(g.hostAllowed(Optional.of("LOCALHOST:8070"))).isTrue();
        assertThat(g.hostAllowed(Optional.of("evil.example:8070"))).isFalse();
        assertThat(g.hostAllowed(Optional.empty())).isFalse();
        assertThat(g.postAllowed(Optional.of("http://127.0.0.1:8070"), Optional.of("127.0.0.1:8070"), Optional.of("t0ken"))).isTrue();
        assertThat(g.postAllowed(Optional.of("http://evil.example"), Optional.of("127.0.0.1:8070"), Optional.of("t0ken"))).isFalse();
        assertThat(g.postAllowed(Optional.empty(), Optional.of("127.0.0.1:8070"), Optional.of("t0ken"))).isFalse();
        assertThat(g.postAllowed(Optional.of("http://127.0.0.1:8070"), Optional.of("127.0.0.1:8070"), Optional.of("other"))).isFalse();
        assertThat(g.postAllowed(Optional.of("http://127.0.0.1:8070"), Optional.of("127.0.0.1:8070"), Optional.empty())).isFalse();
        assertThat(RequestGuard.loopbackHosts("::1", 1)).isEqualTo(Set.of("127.0.0.1:1", "localhost:1", "[::1]:1"));
    }

    @Test
    void form_decodesPairs_andIgnoresMalformedOnes() {
        assertThat(ConsoleServer.form("a=1&b=x+y%21&bad=%zz&a=2")).containsEntry("a", "1").containsEntry("b", "x y!")
                .doesNotContainKey("bad");
    }
}
