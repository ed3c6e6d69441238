package dev.eventpipe.infra;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A rule a Terraform configuration must keep: its violations, empty when it holds. Rules come in
 * families, one enum each ({@link PolicyRule} for the pipeline's resources, {@link QueryRule} for the
 * SQL resources); the checks run {@link #all()}.
 */
public interface Rule {

    /** The rule's name; its bad fixture is {@code src/test/resources/policy/<name in lower case>/}. */
    String name();

    /** The violations of this rule in the configuration; empty when it holds. */
    List<String> violations(TfConfig config);

    /** Every rule of every family. */
    static List<Rule> all() {
        return Stream.of(PolicyRule.values(), QueryRule.values()).flatMap(Arrays::stream).map(Rule.class::cast).toList();
    }
}
